package io.weka.aws.operator.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

public class BackendsStatus {
    @JsonPropertyDescription("Backends the spec asks for (backends.count).")
    public Integer desired;

    @JsonPropertyDescription("The Auto Scaling group's desired capacity as the operator sets it: backends.count, or "
            + "the count WEKA is clusterizing while a change is held (condition ScalingHeld).")
    public Integer applied;

    @JsonPropertyDescription("Backend instances pending or running in the Auto Scaling group.")
    public Integer running;

    @JsonPropertyDescription("Backends in the WEKA cluster: active backend hosts as WEKA reports them once "
            + "clusterized, backends ready for clusterization before.")
    public Integer ready;

    @JsonPropertyDescription("What `kubectl get` shows as BACKENDS: ready/desired once WEKA has clusterized, "
            + "running/desired before.")
    public String summary;
}
