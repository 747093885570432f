package io.weka.aws.operator.resources.autoscaling;

import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.ResourceConflictException;
import io.weka.aws.operator.resources.ec2.ProtectedInstances;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The backends' Auto Scaling group {@code <ec2 prefix>-<cluster>-autoscaling-group} (main.tf). Unlike the module,
 * which ignored later changes, the operator owns its capacity: desired = min = backends.count, max = 7 × count, and
 * a different value in AWS is drift that is set back and reported. The count is the context's: while WEKA
 * clusterizes, a changed backends.count is held back (see {@link ClusterContext#backendCount()}). A lower count lowers
 * min with desired, so that WEKA's scale-down functions may terminate the excess; the schema keeps it at 6 or more.
 */
public final class AutoScalingGroupResource implements AwsResource {
    static final String LATEST = "$Latest";
    static final String REPLACE_UNHEALTHY = "ReplaceUnhealthy";
    /** The tag Auto Scaling puts on every instance it launches. */
    static final String LAUNCHED_BY = "aws:autoscaling:groupName";

    @Override
    public String kind() {
        return "AutoScalingGroup";
    }

    /** WEKA's functions are ordering only: instances must not boot before the deploy function they invoke exists. */
    @Override
    public Set<Fact<?>> needs() {
        return Set.of(Facts.LAUNCH_TEMPLATE_ID, Facts.SUBNET_ID, Facts.TARGET_GROUP_ARN, Facts.FUNCTION_ARNS);
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(Facts.AUTO_SCALING_GROUP_NAME);
    }

    record Tagged(String value, boolean propagateAtLaunch) {
    }

    record Desired(String name, String launchTemplateId, int min, int max, int desired, String subnetId,
            Optional<String> targetGroupArn, Map<String, Tagged> tags) {
    }

    static Desired desired(ClusterContext context) {
        int count = context.backendCount();
        String cluster = context.names().cluster();
        Map<String, String> values = context.tags().with(Map.of(
                context.names().asgTagKey(), cluster,
                "Name", context.names().backendNameTag("instance"),
                ClusterTags.CLUSTER_NAME, cluster,
                ClusterTags.HOSTGROUP_TYPE, "backend"));
        Map<String, Tagged> tags = new LinkedHashMap<>();
        // Only the asg tag propagates: the launch template already tags what it launches.
        values.forEach((k, v) -> tags.put(k, new Tagged(v, k.equals(context.names().asgTagKey()))));
        return new Desired(context.names().autoScalingGroup(), context.require(Facts.LAUNCH_TEMPLATE_ID), count,
                7 * count, count, context.require(Facts.SUBNET_ID), context.find(Facts.TARGET_GROUP_ARN), tags);
    }

    /** What of the owned fields differs, in words for the change report; empty when the group matches. */
    static List<String> differences(AutoScalingGroup actual, Desired desired) {
        return AutoScalingGroupDrift.differences(actual, desired);
    }

    @Override
    public void converge(ClusterContext context) {
        Desired desired = desired(context);
        converge(context, kind(), desired);
        context.publish(Facts.AUTO_SCALING_GROUP_NAME, desired.name());
    }

    /** Creates the group, or sets right what of its owned fields differs; returns it as found (empty: created). */
    static Optional<AutoScalingGroup> converge(ClusterContext context, String kind, Desired desired) {
        AutoScalingClient autoScaling = context.aws().autoScaling();
        Optional<AutoScalingGroup> actual = autoScaling.describeAutoScalingGroups(r -> r
                .autoScalingGroupNames(desired.name())).autoScalingGroups().stream().findFirst();
        if (actual.isEmpty()) {
            context.aws().sentOnce().autoScaling().createAutoScalingGroup(r -> r.autoScalingGroupName(desired.name())
                    .launchTemplate(launchTemplate(desired))
                    .minSize(desired.min()).maxSize(desired.max()).desiredCapacity(desired.desired())
                    .vpcZoneIdentifier(desired.subnetId())
                    .newInstancesProtectedFromScaleIn(true)
                    .targetGroupARNs(desired.targetGroupArn().map(List::of).orElse(List.of()))
                    .tags(tags(desired, desired.tags())));
            autoScaling.suspendProcesses(r -> r.autoScalingGroupName(desired.name()).scalingProcesses(REPLACE_UNHEALTHY));
            context.created(kind, desired.name());
        } else {
            Map<String, String> tags = tagMap(actual.get());
            if (!context.tags().owns(tags)) {
                throw new ResourceConflictException("Auto Scaling group " + desired.name() + " exists but belongs to "
                        + tags.getOrDefault(ClusterTags.CLUSTER, "no WekaCluster"));
            }
            List<String> differing = AutoScalingGroupDrift.correct(autoScaling, actual.get(), desired);
            if (!differing.isEmpty()) {
                context.updated(kind, desired.name(), String.join("; ", differing));
            }
        }
        context.owns(kind, desired.name(), actual.map(AutoScalingGroup::autoScalingGroupARN).orElse(null));
        return actual;
    }

    /**
     * Terminates the group's instances (their protection lifted) and force-deletes the group; gone once the group
     * is and no instance it launched is still shutting down. Scale-in protection does not hold a forced deletion.
     */
    @Override
    public Removal delete(ClusterContext context) {
        return delete(context, kind(), context.names().autoScalingGroup());
    }

    /**
     * Deletes the group {@code name} when it carries this cluster's identity, then waits for the instances it
     * launched. Only instances with this cluster's identity tag have their protection lifted or are terminated
     * ({@link ProtectedInstances}): a namesake's group and backends are never touched, whatever their names.
     */
    static Removal delete(ClusterContext context, String kind, String name) {
        AutoScalingClient autoScaling = context.aws().autoScaling();
        Optional<AutoScalingGroup> found = autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name))
                .autoScalingGroups().stream().filter(g -> owned(context, g)).findFirst();
        if (found.isEmpty()) {
            return ProtectedInstances.terminateMatching(context, Filter.builder().name("tag:" + LAUNCHED_BY).values(name).build());
        }
        if (found.get().status() == null) {
            ProtectedInstances.terminate(context, found.get().instances().stream().map(Instance::instanceId).toList());
            autoScaling.deleteAutoScalingGroup(r -> r.autoScalingGroupName(name).forceDelete(true));
            context.deleted(kind, name);
        }
        return Removal.IN_PROGRESS;
    }

    /** The backends' group's desired capacity as AWS has it now; empty before this cluster's group exists. */
    public static Optional<Integer> desiredCapacity(ClusterContext context) {
        return context.aws().autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(
                context.names().autoScalingGroup())).autoScalingGroups().stream().filter(g -> owned(context, g))
                .findFirst().map(AutoScalingGroup::desiredCapacity);
    }

    /** Whether the group carries this cluster's identity: the only groups it may change or delete. */
    public static boolean owned(ClusterContext context, AutoScalingGroup group) {
        return context.tags().owns(tagMap(group));
    }

    private static Map<String, String> tagMap(AutoScalingGroup group) {
        return group.tags().stream().collect(Collectors.toMap(TagDescription::key, TagDescription::value, (a, b) -> b));
    }

    static LaunchTemplateSpecification launchTemplate(Desired desired) {
        return LaunchTemplateSpecification.builder().launchTemplateId(desired.launchTemplateId()).version(LATEST).build();
    }

    static List<Tag> tags(Desired desired, Map<String, Tagged> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().resourceId(desired.name())
                .resourceType("auto-scaling-group").key(e.getKey()).value(e.getValue().value())
                .propagateAtLaunch(e.getValue().propagateAtLaunch()).build()).toList();
    }
}
