package io.weka.aws.operator.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The schema of a status condition: Kubernetes' Condition, with the descriptions `kubectl explain` shows (the
 * model's own class has none). Only the schema is taken from here; status holds fabric8's Condition.
 */
public class ConditionSchema {
    @JsonPropertyDescription("Ready, InfrastructureReady, Clusterized, WekaHealthy, ScalingHeld, "
            + "BackendsLaunching, InstanceGroupsLaunching, Synced, Paused or CsiSecretReady.")
    public String type;

    @JsonPropertyDescription("True, False or Unknown.")
    public String status;

    @JsonPropertyDescription("One word saying why, e.g. Clusterizing or ResourceConflict; alerts and health checks "
            + "match on it.")
    public String reason;

    @JsonPropertyDescription("What a person needs to know, e.g. which resource failed and why.")
    public String message;

    @JsonPropertyDescription("The metadata.generation the condition was set for.")
    public Long observedGeneration;

    @JsonPropertyDescription("When status last changed, RFC 3339.")
    public String lastTransitionTime;
}
