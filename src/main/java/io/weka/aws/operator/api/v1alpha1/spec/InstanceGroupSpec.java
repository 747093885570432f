package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Size;

/** What every optional instance group (clients, gateways, data services) can set the same way. */
public abstract class InstanceGroupSpec {
    @Size(max = Formats.ID_LENGTH)
    @ValidationRule(value = Formats.IS_AMI_ID, messageExpression = Formats.AMI_ID_MESSAGE)
    @JsonPropertyDescription("AMI; default the latest Amazon Linux 2023 (kernel 6.1) for the architecture "
            + "(module: client_instance_ami_id, *_protocol_gateway_instance_ami_id, data_services_instance_ami_id).")
    public String amiId;

    @Size(max = Formats.ARN_LENGTH)
    @ValidationRule(value = Formats.IS_INSTANCE_PROFILE_ARN, messageExpression = Formats.INSTANCE_PROFILE_ARN_MESSAGE)
    @JsonPropertyDescription("Existing instance profile; default one the operator creates with the module's policies "
            + "(module: client_instance_iam_profile_arn, *_protocol_gateway_instance_iam_profile_arn, "
            + "data_services_instance_iam_profile_arn).")
    public String instanceProfileArn;

    @Size(max = Formats.ID_LENGTH)
    @ValidationRule(value = Formats.IS_SUBNET_ID, messageExpression = Formats.SUBNET_ID_MESSAGE)
    @JsonPropertyDescription("Subnet; default the cluster subnet (module: "
            + "*_protocol_gateway_subnet_id, data_services_subnet_id).")
    public String subnetId;

    @Size(max = Formats.ID_LENGTH)
    @ValidationRule(value = Formats.IS_CAPACITY_RESERVATION_ID, messageExpression = Formats.CAPACITY_RESERVATION_ID_MESSAGE)
    @JsonPropertyDescription("Capacity reservation for these instances (module: client_capacity_reservation_id, "
            + "*_capacity_reservation_id, data_services_capacity_reservation_id).")
    public String capacityReservationId;

    @Default("ForceV2")
    @JsonPropertyDescription("cgroups mode for WEKA's installer (module: clients_weka_cgroups_mode, "
            + "*_protocol_gateway_weka_cgroups_mode, data_services_weka_cgroups_mode). "
            + "One of: Auto, ForceV2. Default: ForceV2.")
    public CgroupsMode cgroupsMode;
}
