package io.weka.aws.operator.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** WEKA's own view of the cluster, from the status function once clusterized. */
public class WekaRuntimeStatus {
    @JsonPropertyDescription("WEKA IO status, e.g. STARTED.")
    public String ioStatus;

    @JsonPropertyDescription("WEKA release running.")
    public String release;

    @JsonPropertyDescription("Active backend hosts.")
    public Integer activeBackends;

    @JsonPropertyDescription("Active clients.")
    public Integer activeClients;

    @JsonPropertyDescription("Active drives.")
    public Integer activeDrives;

    @JsonPropertyDescription("All drives.")
    public Integer totalDrives;

    @JsonPropertyDescription("Total capacity in bytes.")
    public Long totalCapacityBytes;

    @JsonPropertyDescription("Unprovisioned capacity in bytes.")
    public Long unprovisionedCapacityBytes;

    @JsonPropertyDescription("Active WEKA alerts.")
    public Integer activeAlerts;
}
