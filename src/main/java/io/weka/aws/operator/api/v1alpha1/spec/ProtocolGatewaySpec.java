package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;

/** What NFS, SMB and S3 protocol gateways share (module: modules/protocol_gateways). */
public abstract class ProtocolGatewaySpec extends InstanceGroupSpec {
    @Default("c5n.2xlarge")
    @Size(max = Formats.INSTANCE_TYPE_LENGTH)
    @ValidationRule(value = Formats.IS_INSTANCE_TYPE, messageExpression = Formats.INSTANCE_TYPE_MESSAGE)
    @JsonPropertyDescription("Gateway instance type. Default: c5n.2xlarge.")
    public String instanceType;

    @Default("1")
    @Min(1)
    @Max(32)
    @JsonPropertyDescription("Frontend cores of each gateway; each gets one extra network interface. Default: 1.")
    public Integer frontendCores;

    @Default("48")
    @Min(10)
    @Max(16384)
    @JsonPropertyDescription("Size in GB of the /opt/weka volume. Default: 48.")
    public Integer wekaVolumeSize;

    @Min(8)
    @Max(16384)
    @JsonPropertyDescription("Root volume size in GB; default the AMI's (module: *_protocol_gateway_root_volume_size).")
    public Integer rootVolumeSize;

    @Default("true")
    @JsonPropertyDescription("Set up the protocol on the gateways once they have joined. Default: true.")
    public Boolean setupProtocol;
}
