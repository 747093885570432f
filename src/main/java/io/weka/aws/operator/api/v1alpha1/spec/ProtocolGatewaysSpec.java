package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Protocol gateways; a protocol is on when its block is present. */
public class ProtocolGatewaysSpec {
    @JsonPropertyDescription("NFS gateways in an Auto Scaling group, with floating IPs in an interface group.")
    public Nfs nfs;

    @JsonPropertyDescription("SMB-W gateways, 3 to 8 instances; joining Active Directory stays a manual step.")
    public Smb smb;

    @JsonPropertyDescription("S3 gateways, serving S3 on port 9000.")
    public S3 s3;

    public static class Nfs extends ProtocolGatewaySpec {
        @Default("2")
        @Min(1)
        @Max(100)
        @JsonPropertyDescription("Number of NFS gateways (module: nfs_protocol_gateways_number); 2 or more is "
                + "recommended. Default: 2.")
        public Integer count;

        @Default("3")
        @Min(0)
        @Max(49)
        @JsonPropertyDescription("Secondary IPs on the primary interface, used as NFS floating IPs "
                + "(module: nfs_protocol_gateway_secondary_ips_per_nic). Default: 3.")
        public Integer secondaryIpsPerNic;

        @Default("weka-ig")
        @Size(min = 1, max = 11)
        @ValidationRule(value = "self.matches('^[A-Za-z0-9_-]+$')",
                messageExpression = "'must be letters, digits, underscores and hyphens'" + Formats.REFUSED_VALUE)
        @JsonPropertyDescription("WEKA interface group name, at most 11 characters (module: nfs_interface_group_name). "
                + "Default: weka-ig.")
        public String interfaceGroupName;
    }

    @ValidationRule(value = "has(self.domainName) || (has(self.setupProtocol) && !self.setupProtocol)",
            fieldPath = ".domainName", reason = "FieldValueRequired",
            message = "protocolGateways.smb.domainName is required to set up SMB (setupProtocol: true)")
    public static class Smb extends ProtocolGatewaySpec {
        @Default("3")
        @Min(3)
        @Max(8)
        @JsonPropertyDescription("Number of SMB gateways, 3 to 8 (module: smb_protocol_gateways_number). Default: 3.")
        public Integer count;

        @Size(max = Formats.DNS_NAME_LENGTH)
        @ValidationRule(value = Formats.IS_DNS_NAME, messageExpression = Formats.DNS_NAME_MESSAGE)
        @JsonPropertyDescription("Active Directory domain of the SMB cluster; required when setupProtocol is true "
                + "(module: smb_domain_name).")
        public String domainName;

        @Default("Weka-SMB")
        @Size(min = 1, max = 15)
        @ValidationRule(value = "self.matches('^[A-Za-z0-9][A-Za-z0-9-]*$')",
                messageExpression = "'must be letters, digits and hyphens, starting with a letter or digit'"
                        + Formats.REFUSED_VALUE)
        @JsonPropertyDescription("SMB cluster (NetBIOS) name, 1 to 15 characters (module: smb_cluster_name). "
                + "Default: Weka-SMB.")
        public String clusterName;

        @Default("0")
        @Min(0)
        @Max(3)
        @JsonPropertyDescription("Secondary IPs per interface, at most 3 "
                + "(module: smb_protocol_gateway_secondary_ips_per_nic). Default: 0.")
        public Integer secondaryIpsPerNic;
    }

    public static class S3 extends ProtocolGatewaySpec {
        @Default("1")
        @Min(1)
        @Max(100)
        @JsonPropertyDescription("Number of S3 gateways (module: s3_protocol_gateways_number). Default: 1.")
        public Integer count;
    }
}
