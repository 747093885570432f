package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.resources.Removal;
import java.util.Collection;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * Instances are launched with termination and stop protection, so that no console click loses a storage node. The
 * operator lifts both just before it terminates them on purpose: the step the module left to a "pre-destroy command".
 */
public final class ProtectedInstances {
    private static final List<String> NOT_TERMINATED = List.of("pending", "running", "stopping", "stopped",
            "shutting-down");

    private ProtectedInstances() {
    }

    /** Lifts the protection of the instances and terminates them. */
    public static void terminate(Ec2Client ec2, Collection<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return;
        }
        for (String id : instanceIds) {
            ec2.modifyInstanceAttribute(r -> r.instanceId(id).disableApiTermination(b -> b.value(false)));
            ec2.modifyInstanceAttribute(r -> r.instanceId(id).disableApiStop(b -> b.value(false)));
        }
        ec2.terminateInstances(r -> r.instanceIds(instanceIds));
    }

    /**
     * Terminates every instance with the tag that is not terminated yet; gone once none is left, shutting-down
     * ones included.
     */
    public static Removal terminateTagged(Ec2Client ec2, String tagKey, String tagValue) {
        List<Instance> remaining = ec2.describeInstancesPaginator(r -> r.filters(
                Filter.builder().name("tag:" + tagKey).values(tagValue).build(),
                Filter.builder().name("instance-state-name").values(NOT_TERMINATED).build())).reservations().stream()
                .flatMap(r -> r.instances().stream()).toList();
        terminate(ec2, remaining.stream().filter(i -> i.state().name() != InstanceStateName.SHUTTING_DOWN)
                .map(Instance::instanceId).toList());
        return remaining.isEmpty() ? Removal.GONE : Removal.IN_PROGRESS;
    }
}
