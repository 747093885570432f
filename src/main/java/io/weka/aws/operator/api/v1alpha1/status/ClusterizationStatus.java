package io.weka.aws.operator.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Progress read from the DynamoDB state item that WEKA's functions maintain. */
public class ClusterizationStatus {
    @JsonPropertyDescription("Backends needed before the cluster is created.")
    public Integer target;

    @JsonPropertyDescription("Backends that reported ready for clusterization.")
    public Integer readyForClusterization;

    @JsonPropertyDescription("Backends still installing.")
    public Integer inProgress;

    @JsonPropertyDescription("Whether the WEKA cluster has been created.")
    public Boolean clusterized;

    @JsonPropertyDescription("The latest errors hosts reported, newest last.")
    public List<String> recentErrors;
}
