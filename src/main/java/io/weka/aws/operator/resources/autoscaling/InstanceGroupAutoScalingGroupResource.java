package io.weka.aws.operator.resources.autoscaling;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.model.ClusterNames;
import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.model.InstanceGroup;
import io.weka.aws.operator.resources.InstanceGroupResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.GroupFacts;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.autoscaling.AutoScalingGroupResource.Desired;
import io.weka.aws.operator.resources.autoscaling.AutoScalingGroupResource.Tagged;
import io.weka.aws.operator.resources.ec2.Instances;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Auto Scaling group of NFS gateways ({@code <ec2>-<cluster>-nfs-protocol-gateway}), data services
 * ({@code -data-services}) or clients that ask for one ({@code -client-asg}): min = max = desired = count, scale-in
 * protected, ReplaceUnhealthy suspended. Unlike the module, which ignored later changes, a changed count converges.
 */
public final class InstanceGroupAutoScalingGroupResource extends InstanceGroupResource {
    /** The tag EC2 Auto Scaling puts on the instances it launches. */
    public InstanceGroupAutoScalingGroupResource(InstanceGroup group) {
        super(group, "AutoScalingGroup");
    }

    /** The backends' group and WEKA's functions come first: the instances join through them at boot. */
    @Override
    public Set<Fact<?>> needs() {
        return Set.of(GroupFacts.launchTemplateId(group), Facts.SUBNET_ID, Facts.ASSIGN_PUBLIC_IP,
                Facts.AUTO_SCALING_GROUP_NAME, Facts.FUNCTION_ARNS);
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(GroupFacts.groupName(group, true), GroupFacts.ips(group, true));
    }

    @Override
    public boolean wanted(WekaClusterSpec spec) {
        return group.wanted(spec) && group.autoScaling(spec);
    }

    static Desired desired(ClusterContext context, InstanceGroup group) {
        WekaClusterSpec spec = context.spec();
        ClusterNames names = context.names();
        String name = group.autoScalingGroupName(names);
        Map<String, Tagged> tags = new LinkedHashMap<>();
        // Gateways and data services propagate a tag named after the group; the launch template tags the rest.
        if (group != InstanceGroup.CLIENTS) {
            tags.put(name, new Tagged(name, true));
        }
        // Instance tags cannot carry the identity tag's "/": its IMDS-safe twin marks what the group launched, also
        // what an older template version without it launched.
        tags.put(ClusterTags.INSTANCE_CLUSTER_UID, new Tagged(context.tags().uid(), true));
        context.tags().with(group.launchedTags(names)).forEach((k, v) -> tags.putIfAbsent(k, new Tagged(v, false)));
        int count = group.count(spec);
        String subnet = Optional.ofNullable(group.spec(spec).orElseThrow().subnetId)
                .orElseGet(() -> context.require(Facts.SUBNET_ID));
        return new Desired(name, context.require(GroupFacts.launchTemplateId(group)), count, count, count, subnet,
                Optional.empty(), tags);
    }

    @Override
    public void converge(ClusterContext context) {
        Desired desired = desired(context, group);
        AutoScalingGroupResource.converge(context, kind(), desired);
        context.publish(GroupFacts.groupName(group, true), desired.name());
        // Looked up after the change, so the IPs of instances it launched just now are there as soon as AWS has them.
        context.publish(GroupFacts.ips(group, true), Instances.ips(Instances.live(context.aws().ec2(),
                Instances.tag(AutoScalingGroupResource.LAUNCHED_BY, desired.name())), context.require(Facts.ASSIGN_PUBLIC_IP)));
    }

    /**
     * Terminates the group's instances (protection lifted) and force-deletes it; in progress until it is gone and no
     * instance it launched for this cluster is left.
     */
    @Override
    public Removal delete(ClusterContext context) {
        return AutoScalingGroupResource.delete(context, kind(), group.autoScalingGroupName(context.names()));
    }
}
