package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "!has(self.instanceType) || self.instanceType in " + BackendsSpec.KNOWN_TYPES
        + " || has(self.containerLayout)",
        fieldPath = ".instanceType", reason = "FieldValueInvalid",
        messageExpression = "'backends.instanceType must be one of i3en.{2,3,6,12,24}xlarge or "
                + "i8ge.{2,3,6,12,18,24,48}xlarge; another type needs backends.containerLayout, not \"' "
                + "+ self.instanceType + '\"'")
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
@ValidationRule(value = "has(self.containerLayout) == has(oldSelf.containerLayout) "
        + "&& (!has(self.containerLayout) || self.containerLayout == oldSelf.containerLayout)",
        fieldPath = ".containerLayout", reason = "FieldValueForbidden",
        message = "backends.containerLayout" + BackendsSpec.FIXED_AT_CREATION + BackendsSpec.JOINING_BACKENDS_MATCH)
@ValidationRule(value = "has(self.stripeWidth) == has(oldSelf.stripeWidth) "
        + "&& (!has(self.stripeWidth) || self.stripeWidth == oldSelf.stripeWidth)",
        fieldPath = ".stripeWidth", reason = "FieldValueForbidden",
        message = "backends.stripeWidth" + BackendsSpec.FIXED_AT_CREATION + BackendsSpec.SET_AT_CLUSTERIZATION)
public class BackendsSpec {
    // What the messages refusing a change on a running cluster share: why, and what to do instead.
    static final String FIXED_AT_CREATION = " cannot change on a running cluster: ";
    static final String JOINING_BACKENDS_MATCH = "it applies to every backend and backends that join later must match "
            + "the ones running; for other backends create a new WekaCluster and move the data";
    static final String SET_AT_CLUSTERIZATION = "WEKA takes it when it creates the cluster, so a change here would "
            + "never reach it; change it with WEKA's own tools";
    static final String KNOWN_TYPES = "['i3en.2xlarge', 'i3en.3xlarge', 'i3en.6xlarge', 'i3en.12xlarge', "
            + "'i3en.24xlarge', 'i8ge.2xlarge', 'i8ge.3xlarge', 'i8ge.6xlarge', 'i8ge.12xlarge', 'i8ge.18xlarge', "
            + "'i8ge.24xlarge', 'i8ge.48xlarge']";

    @Default("6")
    @Min(6)
    @Max(1000)
    @JsonPropertyDescription("Number of backend instances; the Auto Scaling group's desired capacity follows it "
            + "(module: cluster_size). At least 6. Scale-in is carried out by WEKA's own state machine. Default: 6.")
    public Integer count;

    @Default("i3en.2xlarge")
    @Size(max = Formats.INSTANCE_TYPE_LENGTH)
    @ValidationRule(value = Formats.IS_INSTANCE_TYPE, messageExpression = Formats.INSTANCE_TYPE_MESSAGE)
    @ValidationRule(value = "self == oldSelf", reason = "FieldValueForbidden",
            messageExpression = "'backends.instanceType" + FIXED_AT_CREATION + JOINING_BACKENDS_MATCH
                    + "'" + Formats.REFUSED_CHANGE)
    @JsonPropertyDescription("Backend EC2 instance type (module: instance_type); i8ge types run on arm64. One of "
            + "i3en.2xlarge, i3en.3xlarge, i3en.6xlarge, i3en.12xlarge, i3en.24xlarge, i8ge.2xlarge, i8ge.3xlarge, "
            + "i8ge.6xlarge, i8ge.12xlarge, i8ge.18xlarge, i8ge.24xlarge, i8ge.48xlarge; another type needs "
            + "containerLayout. Cannot change on a running cluster. Default: i3en.2xlarge.")
    public String instanceType;

    @JsonPropertyDescription("WEKA container layout for the instance type, overriding the built-in table "
            + "(module: containers_config_map). Cannot change on a running cluster.")
    public ContainerLayoutSpec containerLayout;

    @Size(max = Formats.ID_LENGTH)
    @ValidationRule(value = Formats.IS_AMI_ID, messageExpression = Formats.AMI_ID_MESSAGE)
    @JsonPropertyDescription("Backend AMI; default the latest Amazon Linux 2023 (kernel 6.1) for the architecture.")
    public String amiId;

    @Default("2")
    @ValidationRule(value = "self == 2 || self == 4",
            message = "backends.protectionLevel must be 2 or 4")
    @ValidationRule(value = "self == oldSelf", reason = "FieldValueForbidden",
            message = "backends.protectionLevel" + FIXED_AT_CREATION + SET_AT_CLUSTERIZATION)
    @JsonPropertyDescription("Parity drives per stripe: 2 or 4 (module: protection_level). Cannot change on a "
            + "running cluster. Default: 2.")
    public Integer protectionLevel;

    @Min(3)
    @Max(16)
    @JsonPropertyDescription("Data drives per stripe, 3..16; default min(count - protectionLevel - 1, 16) "
            + "(module: stripe_width). Cannot change on a running cluster.")
    public Integer stripeWidth;

    @Default("1")
    @Min(1)
    @ValidationRule(value = "self == oldSelf", reason = "FieldValueForbidden",
            message = "backends.hotspare" + FIXED_AT_CREATION + SET_AT_CLUSTERIZATION)
    @JsonPropertyDescription("Hot spares (module: hotspare). Cannot change on a running cluster. Default: 1.")
    public Integer hotspare;

    @Default("false")
    @ValidationRule(value = "self == oldSelf", reason = "FieldValueForbidden",
            message = "backends.dedicatedFrontendContainer" + FIXED_AT_CREATION + JOINING_BACKENDS_MATCH)
    @JsonPropertyDescription("Run a dedicated frontend container on backends (module: set_dedicated_fe_container). "
            + "Cannot change on a running cluster. Default: false.")
    public Boolean dedicatedFrontendContainer;

    @Default("true")
    @ValidationRule(value = "self == oldSelf", reason = "FieldValueForbidden",
            message = "backends.dpdk" + FIXED_AT_CREATION + JOINING_BACKENDS_MATCH)
    @JsonPropertyDescription("Use DPDK networking; false runs WEKA over UDP on one NIC (module: install_cluster_dpdk). "
            + "Cannot change on a running cluster. Default: true.")
    public Boolean dpdk;

    @Default("48")
    @Min(10)
    @Max(16384)
    @JsonPropertyDescription("Size in GB of the /opt/weka volume before the per-NIC addition "
            + "(module: backends_weka_volume_size). Default: 48.")
    public Integer wekaVolumeSize;

    @Min(8)
    @Max(16384)
    @JsonPropertyDescription("Root volume size in GB; default the AMI's (module: backends_root_volume_size).")
    public Integer rootVolumeSize;

    @Size(max = Formats.ID_LENGTH)
    @ValidationRule(value = Formats.IS_CAPACITY_RESERVATION_ID, messageExpression = Formats.CAPACITY_RESERVATION_ID_MESSAGE)
    @JsonPropertyDescription("Capacity reservation for backends (module: capacity_reservation_id).")
    public String capacityReservationId;

    @Size(min = 1, max = 255)
    @JsonPropertyDescription("Existing placement group for backends (module: placement_group_name).")
    public String placementGroupName;

    @Default("true")
    @JsonPropertyDescription("Create a cluster-strategy placement group when placementGroupName is not given "
            + "(module: use_placement_group). Default: true.")
    public Boolean usePlacementGroup;

    @Size(max = 16384)
    @JsonPropertyDescription("Bash run in backend user data before network interfaces are created (module: custom_data).")
    public String customData;

    @Size(max = 16384)
    @JsonPropertyDescription("Script the clusterizing backend runs at the end (module: post_cluster_setup_script).")
    public String postClusterSetupScript;

    @Default("true")
    @JsonPropertyDescription("Create filesystem 'default' with all unprovisioned capacity (module: set_default_fs). "
            + "Default: true.")
    public Boolean setDefaultFilesystem;

    @Default("ForceV2")
    @JsonPropertyDescription("cgroups mode for WEKA's installer (module: weka_cgroups_mode). "
            + "One of: Auto, ForceV2. Default: ForceV2.")
    public CgroupsMode cgroupsMode;

    @Default("3h")
    @Size(max = 32)
    @ValidationRule(value = "self.matches('^([0-9]+(ns|us|ms|s|m|h))+$')",
            messageExpression = "'must be a duration like 3h or 90m'" + Formats.REFUSED_VALUE)
    @JsonPropertyDescription("How long a DOWN backend stays before WEKA's functions remove it; change only with "
            + "WEKA support (module: debug_down_backends_removal_timeout). Default: 3h.")
    public String downBackendsRemovalTimeout;
}
