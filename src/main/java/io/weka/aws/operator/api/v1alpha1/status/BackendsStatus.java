package io.weka.aws.operator.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

public class BackendsStatus {
    @JsonPropertyDescription("Backends the spec asks for.")
    public Integer desired;

    @JsonPropertyDescription("Backend instances running in the Auto Scaling group.")
    public Integer running;

    @JsonPropertyDescription("Backends that are members of the WEKA cluster (or ready for clusterization before it).")
    public Integer ready;

    @JsonPropertyDescription("ready/desired, as `kubectl get` shows it.")
    public String summary;
}
