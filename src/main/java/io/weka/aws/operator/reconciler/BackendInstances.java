package io.weka.aws.operator.reconciler;

import io.weka.aws.operator.aws.AwsSession;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The backend instances the Auto Scaling group runs, as the module's get_ips helper command lists them, and their
 * private addresses by instance id (how WEKA's reports name hosts).
 */
record BackendInstances(int running, List<String> ips, Map<String, String> privateIps) {
    static final BackendInstances NONE = new BackendInstances(0, List.of(), Map.of());

    static BackendInstances observe(AwsSession aws, String autoScalingGroup, boolean publicIps) {
        List<Instance> instances = aws.ec2().describeInstancesPaginator(r -> r.filters(
                        f -> f.name("tag:aws:autoscaling:groupName").values(autoScalingGroup),
                        f -> f.name("instance-state-name").values("pending", "running")))
                .reservations().stream().flatMap(r -> r.instances().stream()).toList();
        return new BackendInstances(instances.size(), instances.stream()
                .map(i -> publicIps ? i.publicIpAddress() : i.privateIpAddress()).filter(Objects::nonNull).sorted()
                .toList(), instances.stream().filter(i -> i.privateIpAddress() != null)
                .collect(Collectors.toMap(Instance::instanceId, Instance::privateIpAddress)));
    }
}
