package io.weka.aws.operator.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** WEKA's own view of the cluster, from the status function once clusterized. */
public class WekaRuntimeStatus {
    @JsonPropertyDescription("WEKA IO status (io_status), e.g. STARTED.")
    public String ioStatus;

    @JsonPropertyDescription("WEKA release running (release).")
    public String release;

    @JsonPropertyDescription("Active backend hosts (hosts.backends.active).")
    public Integer activeBackends;

    @JsonPropertyDescription("Backend hosts WEKA knows (hosts.backends.total).")
    public Integer totalBackends;

    @JsonPropertyDescription("Active clients (hosts.clients.active).")
    public Integer activeClients;

    @JsonPropertyDescription("Active drives (drives.active).")
    public Integer activeDrives;

    @JsonPropertyDescription("All drives (drives.total).")
    public Integer totalDrives;

    @JsonPropertyDescription("Total capacity in bytes (capacity.total_bytes).")
    public Long totalCapacityBytes;

    @JsonPropertyDescription("Capacity not provisioned to filesystems, in bytes (capacity.unprovisioned_bytes).")
    public Long unprovisionedCapacityBytes;

    @JsonPropertyDescription("Active WEKA alerts (active_alerts_count).")
    public Integer activeAlerts;
}
