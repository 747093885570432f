package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.model.InstanceGroup;
import io.weka.aws.operator.resources.ClientTokens;
import io.weka.aws.operator.resources.InstanceGroupResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.GroupFacts;
import io.weka.aws.operator.resources.Removal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Plain instances of an optional instance group (the module's aws_instance × N: SMB and S3 gateways, clients without
 * an Auto Scaling group), each launched from the group's template with an index tag, 0 to count - 1. Launching is
 * not idempotent, so the index is the intent: a pass first looks the group's instances up by tags and launches only
 * missing indices, with a client token derived from the cluster, group, index and spec generation, so a retried or
 * repeated launch returns the instance already launched. Scaling down terminates the highest indices.
 */
public final class InstanceGroupInstancesResource extends InstanceGroupResource {
    public InstanceGroupInstancesResource(InstanceGroup group) {
        super(group, "Instances");
    }

    /** The backends' group and WEKA's functions come first: the instances join through them at boot. */
    @Override
    public Set<Fact<?>> needs() {
        return Set.of(GroupFacts.launchTemplateId(group), Facts.ASSIGN_PUBLIC_IP, Facts.AUTO_SCALING_GROUP_NAME,
                Facts.FUNCTION_ARNS);
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(GroupFacts.groupName(group, false), GroupFacts.ips(group, false));
    }

    @Override
    public boolean wanted(WekaClusterSpec spec) {
        return group.wanted(spec) && !group.autoScaling(spec);
    }

    /** The tags of one instance: the template's instance tags (the cluster's identity among them) and the index. */
    static Map<String, String> tags(ClusterContext context, InstanceGroup group, int index) {
        Map<String, String> tags = new LinkedHashMap<>(BackendLaunchTemplateData.launchedTags(context, "instance",
                group.launchedTags(context.names())));
        tags.put(InstanceGroup.INDEX_TAG, Integer.toString(index));
        return tags;
    }

    @Override
    public void converge(ClusterContext context) {
        Ec2Client ec2 = context.aws().ec2();
        int count = group.count(context.spec());
        String name = group.name(context.names());
        List<Instance> all = ours(context);
        Map<Integer, Instance> live = new TreeMap<>();
        List<Instance> surplus = new ArrayList<>();
        for (Instance instance : all) {
            if (leaving(instance)) {
                continue; // terminated, or on its way: its index is free (a new launch gets a new client token)
            }
            int index = index(instance);
            if (index < 0 || index >= count || live.putIfAbsent(index, instance) != null) {
                surplus.add(instance);
            }
        }
        for (int index = 0; index < count; index++) {
            if (!live.containsKey(index)) {
                live.put(index, launch(context, index, all));
                context.created(kind(), name + " #" + index);
            }
        }
        if (!surplus.isEmpty()) {
            Instances.terminate(context, surplus);
            surplus.forEach(i -> context.deleted(kind(), name + " #" + index(i) + " (" + i.instanceId() + ")"));
        }
        live.forEach((index, instance) -> context.owns(kind(), name + " #" + index, instance.instanceId()));
        context.publish(GroupFacts.groupName(group, false), name);
        context.publish(GroupFacts.ips(group, false), Instances.ips(List.copyOf(live.values()),
                context.require(Facts.ASSIGN_PUBLIC_IP)));
    }

    private Instance launch(ClusterContext context, int index, List<Instance> all) {
        int predecessors = (int) all.stream().filter(i -> index(i) == index).count();
        // A terminated predecessor of the index makes the launch a new intent: EC2 would answer its token with it.
        String token = ClientTokens.of(context, "instance", group.name(), Integer.toString(index),
                Integer.toString(predecessors));
        String template = context.require(GroupFacts.launchTemplateId(group));
        return context.aws().ec2().runInstances(r -> r.launchTemplate(t -> t.launchTemplateId(template)
                .version("$Latest")).minCount(1).maxCount(1).clientToken(token)
                .tagSpecifications(Ec2Tags.spec(ResourceType.INSTANCE, tags(context, group, index))))
                .instances().get(0);
    }

    /**
     * Every instance of the group this cluster launched as a plain instance, terminated ones included, found by tags
     * alone: an index tag sets them apart from what the group's Auto Scaling group launched (clients can have had one).
     */
    private List<Instance> ours(ClusterContext context) {
        return context.aws().ec2().describeInstancesPaginator(r -> r.filters(
                Instances.tag(ClusterTags.INSTANCE_CLUSTER_UID, context.tags().uid()),
                Instances.tag("Name", group.name(context.names())))).reservations().stream()
                .flatMap(reservation -> reservation.instances().stream())
                .filter(i -> i.tags().stream().anyMatch(t -> t.key().equals(InstanceGroup.INDEX_TAG))).toList();
    }

    private static boolean leaving(Instance instance) {
        return instance.state().name() == InstanceStateName.TERMINATED
                || instance.state().name() == InstanceStateName.SHUTTING_DOWN;
    }

    private static int index(Instance instance) {
        return instance.tags().stream().filter(t -> t.key().equals(InstanceGroup.INDEX_TAG)).map(Tag::value)
                .filter(v -> v.matches("[0-9]{1,4}")).mapToInt(Integer::parseInt).findFirst().orElse(-1);
    }

    /** Unprotects and terminates every instance of the group; in progress until all are terminated. */
    @Override
    public Removal delete(ClusterContext context) {
        List<Instance> live = ours(context).stream()
                .filter(i -> i.state().name() != InstanceStateName.TERMINATED).toList();
        if (live.isEmpty()) {
            return Removal.GONE;
        }
        Instances.terminate(context, live);
        live.stream().filter(i -> i.state().name() != InstanceStateName.SHUTTING_DOWN)
                .forEach(i -> context.deleted(kind(), group.name(context.names()) + " #" + index(i)));
        return Removal.IN_PROGRESS;
    }
}
