package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** What every optional instance group (clients, gateways, data services) can set the same way. */
public abstract class InstanceGroupSpec {
    @Pattern(Formats.AMI_ID)
    @JsonPropertyDescription("AMI; default the latest Amazon Linux 2023 (kernel 6.1) for the architecture.")
    public String amiId;

    @Pattern(Formats.INSTANCE_PROFILE_ARN)
    @JsonPropertyDescription("Existing instance profile; default one the operator creates with the module's policies.")
    public String instanceProfileArn;

    @Pattern(Formats.SUBNET_ID)
    @JsonPropertyDescription("Subnet; default the cluster subnet.")
    public String subnetId;

    @Pattern(Formats.CAPACITY_RESERVATION_ID)
    @JsonPropertyDescription("Capacity reservation for these instances.")
    public String capacityReservationId;

    @Min(8)
    @Max(16384)
    @JsonPropertyDescription("Root volume size in GB; default the AMI's.")
    public Integer rootVolumeSize;

    @Default("ForceV2")
    @JsonPropertyDescription("cgroups mode for WEKA's installer.")
    public CgroupsMode cgroupsMode;
}
