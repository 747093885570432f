package io.weka.aws.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.weka.aws.operator.api.v1alpha1.status.BackendsStatus;
import io.weka.aws.operator.api.v1alpha1.status.ClusterizationStatus;
import io.weka.aws.operator.api.v1alpha1.status.OutputsStatus;
import io.weka.aws.operator.api.v1alpha1.status.Phase;
import io.weka.aws.operator.api.v1alpha1.status.ResourceStatus;
import io.weka.aws.operator.api.v1alpha1.status.WekaRuntimeStatus;
import java.util.ArrayList;
import java.util.List;

public class WekaClusterStatus {
    @JsonPropertyDescription("The metadata.generation this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("Summary of where the cluster is: Pending, Provisioning, Clusterizing, Ready, Scaling, "
            + "Degraded, Deleting or Failed.")
    public Phase phase;

    @JsonPropertyDescription("Ready, InfrastructureReady, Clusterized, Synced and Paused, each with a reason.")
    public List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("Backends desired, running and ready.")
    public BackendsStatus backends;

    @JsonPropertyDescription("Clusterization progress reported by WEKA's functions.")
    public ClusterizationStatus clusterization;

    @JsonPropertyDescription("WEKA's own status once clusterized.")
    public WekaRuntimeStatus weka;

    @JsonPropertyDescription("Connection information, as the Terraform module's outputs.")
    public OutputsStatus outputs;

    @JsonPropertyDescription("Inventory of the AWS resources this cluster owns.")
    public List<ResourceStatus> resources;
}
