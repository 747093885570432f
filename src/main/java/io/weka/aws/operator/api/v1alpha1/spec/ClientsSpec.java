package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** WEKA client instances that mount the default filesystem at /mnt/weka (module: modules/clients). */
@ValidationRule(value = "!has(self.placementGroupName) || (has(self.useBackendsPlacementGroup) && !self.useBackendsPlacementGroup)",
        fieldPath = ".placementGroupName",
        message = "clients.placementGroupName needs clients.useBackendsPlacementGroup: false")
public class ClientsSpec extends InstanceGroupSpec {
    @Default("0")
    @Min(0)
    @Max(500)
    @JsonPropertyDescription("Number of clients (module: clients_number). Default: 0.")
    public Integer count;

    @Default("c5.2xlarge")
    @Size(max = Formats.INSTANCE_TYPE_LENGTH)
    @ValidationRule(value = Formats.IS_INSTANCE_TYPE, messageExpression = Formats.INSTANCE_TYPE_MESSAGE)
    @JsonPropertyDescription("Client instance type (module: client_instance_type). Default: c5.2xlarge.")
    public String instanceType;

    @Default("48")
    @Min(8)
    @Max(16384)
    @JsonPropertyDescription("Root volume size in GB (module: clients_root_volume_size). Default: 48.")
    public Integer rootVolumeSize;

    @JsonPropertyDescription("CPU architecture; default detected from the instance type (module: client_arch). "
            + "One of: arm64, x86_64.")
    public CpuArchitecture arch;

    @Default("1")
    @Min(1)
    @Max(32)
    @JsonPropertyDescription("Frontend cores of each client, with DPDK (module: client_frontend_cores). Default: 1.")
    public Integer frontendCores;

    @Default("true")
    @JsonPropertyDescription("Mount with DPDK; false mounts over UDP (module: clients_use_dpdk). Default: true.")
    public Boolean dpdk;

    @Default("false")
    @JsonPropertyDescription("Run clients in an Auto Scaling group instead of plain instances "
            + "(module: clients_use_autoscaling_group). Default: false.")
    public Boolean useAutoscalingGroup;

    @Size(min = 1, max = 255)
    @JsonPropertyDescription("Existing placement group for clients (module: client_placement_group_name).")
    public String placementGroupName;

    @Default("true")
    @JsonPropertyDescription("Place clients in the backends' placement group "
            + "(module: client_use_backends_placement_group). Default: true.")
    public Boolean useBackendsPlacementGroup;

    @Size(max = 16384)
    @JsonPropertyDescription("Bash run before mounting (module: clients_custom_data_pre_mount).")
    public String customDataPreMount;

    @Size(max = 16384)
    @JsonPropertyDescription("Bash run after mounting (module: clients_custom_data_post_mount).")
    public String customDataPostMount;
}
