package io.weka.aws.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import io.weka.aws.operator.api.v1alpha1.status.BackendsStatus;
import io.weka.aws.operator.api.v1alpha1.status.ClusterizationStatus;
import io.weka.aws.operator.api.v1alpha1.status.ConditionSchema;
import io.weka.aws.operator.api.v1alpha1.status.OutputsStatus;
import io.weka.aws.operator.api.v1alpha1.status.Phase;
import io.weka.aws.operator.api.v1alpha1.status.ResourceStatus;
import io.weka.aws.operator.api.v1alpha1.status.WekaRuntimeStatus;
import java.util.ArrayList;
import java.util.List;

public class WekaClusterStatus {
    @JsonPropertyDescription("The metadata.generation this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("Summary of where the cluster is, in the order a new cluster goes through them: "
            + "Pending, Provisioning, Clusterizing, Ready; later Scaling, Degraded (also while AWS refuses an Auto "
            + "Scaling group's launches), Failed or Deleting. "
            + "One of: Clusterizing, Degraded, Deleting, Failed, Pending, Provisioning, Ready, Scaling.")
    public Phase phase;

    @JsonPropertyDescription("Ready, InfrastructureReady, Clusterized, WekaHealthy, ScalingHeld, "
            + "BackendsLaunching, InstanceGroupsLaunching (False with EC2's error code, e.g. "
            + "InsufficientInstanceCapacity, when AWS refuses an Auto Scaling group's launches), Synced, Paused, "
            + "CsiSecretReady and PreflightPassed, each with a reason.")
    @SchemaFrom(type = ConditionSchema[].class)
    public List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("Backends: asked for, given to the Auto Scaling group, running and in the WEKA "
            + "cluster.")
    public BackendsStatus backends;

    @JsonPropertyDescription("Clusterization progress, read from the DynamoDB state item WEKA's functions "
            + "maintain.")
    public ClusterizationStatus clusterization;

    @JsonPropertyDescription("WEKA's own status once clusterized, from the status function ({\"type\":"
            + "\"status\"}); kept from the last successful answer when the function fails.")
    public WekaRuntimeStatus weka;

    @JsonPropertyDescription("Connection information, as the Terraform module's outputs.")
    public OutputsStatus outputs;

    @JsonPropertyDescription("Inventory of the AWS resources this cluster owns.")
    public List<ResourceStatus> resources;

    @JsonPropertyDescription("Digest of what the last passed preflight checked (instance types, counts and subnets, "
            + "the load balancer's subnets, the functions' code location, the role to assume); the preflight runs "
            + "again when it changes.")
    public String preflightChecked;
}
