package io.weka.aws.operator.reconciler;

import io.weka.aws.operator.aws.AwsSession;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.ec2.model.Instance;

/** The backend instances the Auto Scaling group runs, as the module's get_ips helper command lists them. */
record BackendInstances(int running, List<String> ips) {
    static final BackendInstances NONE = new BackendInstances(0, List.of());

    static BackendInstances observe(AwsSession aws, String autoScalingGroup, boolean publicIps) {
        List<Instance> instances = aws.ec2().describeInstancesPaginator(r -> r.filters(
                        f -> f.name("tag:aws:autoscaling:groupName").values(autoScalingGroup),
                        f -> f.name("instance-state-name").values("pending", "running")))
                .reservations().stream().flatMap(r -> r.instances().stream()).toList();
        return new BackendInstances(instances.size(), instances.stream()
                .map(i -> publicIps ? i.publicIpAddress() : i.privateIpAddress()).filter(Objects::nonNull).sorted()
                .toList());
    }
}
