package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Removal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AttributeBooleanValue;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceAttributeResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * Instances are launched with termination and stop protection, so that no console click loses a storage node. The
 * operator lifts both just before it terminates them on purpose: the step the module left to a "pre-destroy command".
 * It is the only place that lifts protection or terminates, and it does so only for instances that carry this
 * cluster's identity tag: whatever a caller selected them by, a namesake's instances are never touched.
 */
public final class ProtectedInstances {
    private static final List<String> NOT_TERMINATED = List.of("pending", "running", "stopping", "stopped",
            "shutting-down");

    private ProtectedInstances() {
    }

    /** Lifts the protection of those of the instances that are this cluster's, and terminates them. */
    public static void terminate(ClusterContext context, Collection<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(instanceIds);
        terminateStanding(context.aws().ec2(), owned(context, Filter.builder().name("instance-id").values(ids).build()));
    }

    /**
     * Terminates every instance of this cluster that also matches the filter and is not terminated yet; gone once
     * none is left, shutting-down ones included.
     */
    public static Removal terminateMatching(ClusterContext context, Filter filter) {
        List<Instance> remaining = owned(context, filter);
        terminateStanding(context.aws().ec2(), remaining);
        return remaining.isEmpty() ? Removal.GONE : Removal.IN_PROGRESS;
    }

    /** Not-terminated instances that match the filter and carry this cluster's identity tag, selected by EC2 itself. */
    private static List<Instance> owned(ClusterContext context, Filter filter) {
        return context.aws().ec2().describeInstancesPaginator(r -> r.filters(filter,
                Filter.builder().name("tag:" + ClusterTags.INSTANCE_CLUSTER_UID).values(context.tags().uid()).build(),
                Filter.builder().name("instance-state-name").values(NOT_TERMINATED).build())).reservations().stream()
                .flatMap(r -> r.instances().stream())
                .filter(i -> context.tags().owns(Ec2Tags.map(i.tags()))).toList();
    }

    private static void terminateStanding(Ec2Client ec2, List<Instance> instances) {
        List<String> ids = instances.stream().filter(i -> i.state().name() != InstanceStateName.SHUTTING_DOWN)
                .map(Instance::instanceId).toList();
        if (ids.isEmpty()) {
            return;
        }
        for (String id : ids) {
            if (isOn(ec2, id, InstanceAttributeName.DISABLE_API_TERMINATION, a -> a.disableApiTermination())) {
                ec2.modifyInstanceAttribute(r -> r.instanceId(id).disableApiTermination(b -> b.value(false)));
            }
            if (isOn(ec2, id, InstanceAttributeName.DISABLE_API_STOP, a -> a.disableApiStop())) {
                ec2.modifyInstanceAttribute(r -> r.instanceId(id).disableApiStop(b -> b.value(false)));
            }
        }
        ec2.terminateInstances(r -> r.instanceIds(ids));
    }

    /**
     * Only a protection still on is lifted: an operator that died after lifting some must not, on its next pass, spend
     * its calls lifting them again, or a deletion interrupted often enough would never reach the termination.
     */
    private static boolean isOn(Ec2Client ec2, String instanceId, InstanceAttributeName attribute,
            Function<DescribeInstanceAttributeResponse, AttributeBooleanValue> value) {
        AttributeBooleanValue flag = value.apply(ec2.describeInstanceAttribute(r -> r.instanceId(instanceId)
                .attribute(attribute)));
        return flag == null || !Boolean.FALSE.equals(flag.value());
    }
}
