package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.resources.ClusterContext;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Reservation;

/** EC2 instances of the optional instance groups: finding them by tags, their IPs, terminating them. */
public final class Instances {
    private Instances() {
    }

    /** Instances matching the filters that are not terminated (shutting-down ones included: they still exist). */
    public static List<Instance> live(Ec2Client ec2, Filter... filters) {
        return ec2.describeInstancesPaginator(r -> r.filters(filters)).reservations().stream()
                .map(Reservation::instances).flatMap(List::stream)
                .filter(i -> i.state().name() != InstanceStateName.TERMINATED).toList();
    }

    public static Filter tag(String key, String value) {
        return Filter.builder().name("tag:" + key).values(value).build();
    }

    /** Public or private IPs of running and pending instances, in the order given; none yet is no entry. */
    public static List<String> ips(List<Instance> instances, boolean publicIps) {
        return instances.stream().filter(i -> i.state().name() == InstanceStateName.RUNNING
                        || i.state().name() == InstanceStateName.PENDING)
                .map(i -> publicIps ? i.publicIpAddress() : i.privateIpAddress()).filter(Objects::nonNull).toList();
    }

    /** Terminates, protection lifted, those of the instances that are this cluster's and not on their way out yet. */
    public static void terminate(ClusterContext context, Collection<Instance> instances) {
        ProtectedInstances.terminate(context, instances.stream().filter(i -> i.state().name() != InstanceStateName.TERMINATED)
                .map(Instance::instanceId).toList());
    }
}
