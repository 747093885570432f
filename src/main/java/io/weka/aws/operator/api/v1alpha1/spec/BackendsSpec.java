package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "!has(self.instanceType) || self.instanceType in " + BackendsSpec.KNOWN_TYPES
        + " || has(self.containerLayout)",
        fieldPath = ".instanceType", reason = "FieldValueInvalid",
        message = "backends.instanceType must be one of i3en.{2,3,6,12,24}xlarge or i8ge.{2,3,6,12,18,24,48}xlarge; "
                + "another type needs backends.containerLayout")
@ValidationRule(value = "!has(self.stripeWidth) || !has(self.count) || !has(self.protectionLevel) "
        + "|| self.stripeWidth + self.protectionLevel < self.count",
        fieldPath = ".stripeWidth",
        message = "backends.stripeWidth + backends.protectionLevel must be less than backends.count")
@ValidationRule(value = "has(self.stripeWidth) || !has(self.count) || !has(self.protectionLevel) || self.count < 6 "
        + "|| !(self.protectionLevel in [2, 4]) "
        + "|| self.count - self.protectionLevel - 1 >= 3",
        fieldPath = ".protectionLevel",
        message = "the automatic stripe width (count - protectionLevel - 1) would be below 3: "
                + "protectionLevel 4 needs at least 8 backends")
@ValidationRule(value = "!has(self.placementGroupName) || !has(self.usePlacementGroup) || self.usePlacementGroup",
        fieldPath = ".placementGroupName",
        message = "backends.placementGroupName cannot be used with usePlacementGroup: false")
public class BackendsSpec {
    static final String KNOWN_TYPES = "['i3en.2xlarge', 'i3en.3xlarge', 'i3en.6xlarge', 'i3en.12xlarge', "
            + "'i3en.24xlarge', 'i8ge.2xlarge', 'i8ge.3xlarge', 'i8ge.6xlarge', 'i8ge.12xlarge', 'i8ge.18xlarge', "
            + "'i8ge.24xlarge', 'i8ge.48xlarge']";

    @Default("6")
    @Min(6)
    @Max(1000)
    @JsonPropertyDescription("Number of backend instances; the Auto Scaling group's desired capacity follows it "
            + "(module: cluster_size). At least 6. Scale-in is carried out by WEKA's own state machine.")
    public Integer count;

    @Default("i3en.2xlarge")
    @JsonPropertyDescription("Backend EC2 instance type (module: instance_type); i8ge types run on arm64.")
    public String instanceType;

    @JsonPropertyDescription("WEKA container layout for the instance type, overriding the built-in table "
            + "(module: containers_config_map).")
    public ContainerLayoutSpec containerLayout;

    @Pattern(Formats.AMI_ID)
    @JsonPropertyDescription("Backend AMI; default the latest Amazon Linux 2023 (kernel 6.1) for the architecture.")
    public String amiId;

    @Default("2")
    @ValidationRule(value = "self == 2 || self == 4", message = "backends.protectionLevel must be 2 or 4")
    @JsonPropertyDescription("Parity drives per stripe: 2 or 4 (module: protection_level).")
    public Integer protectionLevel;

    @Min(3)
    @Max(16)
    @JsonPropertyDescription("Data drives per stripe, 3..16; default min(count - protectionLevel - 1, 16) "
            + "(module: stripe_width).")
    public Integer stripeWidth;

    @Default("1")
    @Min(1)
    @JsonPropertyDescription("Hot spares (module: hotspare).")
    public Integer hotspare;

    @Default("false")
    @JsonPropertyDescription("Run a dedicated frontend container on backends (module: set_dedicated_fe_container).")
    public Boolean dedicatedFrontendContainer;

    @Default("true")
    @JsonPropertyDescription("Use DPDK networking; false runs WEKA over UDP on one NIC (module: install_cluster_dpdk).")
    public Boolean dpdk;

    @Default("48")
    @Min(10)
    @Max(16384)
    @JsonPropertyDescription("Size in GB of the /opt/weka volume before the per-NIC addition "
            + "(module: backends_weka_volume_size).")
    public Integer wekaVolumeSize;

    @Min(8)
    @Max(16384)
    @JsonPropertyDescription("Root volume size in GB; default the AMI's (module: backends_root_volume_size).")
    public Integer rootVolumeSize;

    @Pattern(Formats.CAPACITY_RESERVATION_ID)
    @JsonPropertyDescription("Capacity reservation for backends (module: capacity_reservation_id).")
    public String capacityReservationId;

    @Size(min = 1, max = 255)
    @JsonPropertyDescription("Existing placement group for backends (module: placement_group_name).")
    public String placementGroupName;

    @Default("true")
    @JsonPropertyDescription("Create a cluster-strategy placement group when placementGroupName is not given "
            + "(module: use_placement_group).")
    public Boolean usePlacementGroup;

    @Size(max = 16384)
    @JsonPropertyDescription("Bash run in backend user data before network interfaces are created (module: custom_data).")
    public String customData;

    @Size(max = 16384)
    @JsonPropertyDescription("Script the clusterizing backend runs at the end (module: post_cluster_setup_script).")
    public String postClusterSetupScript;

    @Default("true")
    @JsonPropertyDescription("Create filesystem 'default' with all unprovisioned capacity (module: set_default_fs).")
    public Boolean setDefaultFilesystem;

    @Default("ForceV2")
    @JsonPropertyDescription("cgroups mode for WEKA's installer (module: weka_cgroups_mode).")
    public CgroupsMode cgroupsMode;

    @Default("3h")
    @Pattern(Formats.GO_DURATION)
    @JsonPropertyDescription("How long a DOWN backend stays before WEKA's functions remove it; change only with "
            + "WEKA support (module: debug_down_backends_removal_timeout).")
    public String downBackendsRemovalTimeout;
}
