package io.weka.aws.operator.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Progress read from the DynamoDB state item that WEKA's functions maintain. */
public class ClusterizationStatus {
    @JsonPropertyDescription("Backends WEKA's functions wait for before they create the cluster "
            + "(clusterization_target).")
    public Integer target;

    @JsonPropertyDescription("Backends that installed WEKA and registered for clusterization (instances).")
    public Integer readyForClusterization;

    @JsonPropertyDescription("Running backends that report installation progress but are not ready yet.")
    public Integer inProgress;

    @JsonPropertyDescription("Whether WEKA's functions have created the cluster (clusterized).")
    public Boolean clusterized;

    @JsonPropertyDescription("The latest errors backends reported (errors), \"host: time: message\", newest last.")
    public List<String> recentErrors;
}
