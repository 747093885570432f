package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@ValidationRule(value = "!(has(self.subnetId) && has(self.create))",
        message = "network.subnetId and network.create are mutually exclusive: use an existing subnet or create one")
public class NetworkSpec {
    @Pattern(Formats.SUBNET_ID)
    @JsonPropertyDescription("Existing subnet for every instance; its VPC is used (module: subnet_ids). "
            + "Without it a network is created as network.create says.")
    public String subnetId;

    @JsonPropertyDescription("The network to create when no subnetId is given (module: modules/network).")
    public CreateNetworkSpec create;

    @Size(max = 5)
    @JsonPropertyDescription("Existing security groups for instances (module: sg_ids); otherwise one is created.")
    public List<@Pattern(Formats.SECURITY_GROUP_ID) String> securityGroupIds;

    @Default("Auto")
    @JsonPropertyDescription("Public IPs on instances (module: assign_public_ip). Auto: only on a network the operator "
            + "created.")
    public AssignPublicIp assignPublicIp;

    @Size(max = 50)
    @JsonPropertyDescription("CIDRs allowed to reach port 22 (module: allow_ssh_cidrs).")
    public List<@Pattern(Formats.IPV4_CIDR) String> allowSshCidrs;

    @Size(max = 50)
    @JsonPropertyDescription("CIDRs allowed to reach the WEKA API and UI on port 14000 (module: allow_weka_api_cidrs).")
    public List<@Pattern(Formats.IPV4_CIDR) String> allowWekaApiCidrs;

    @Size(max = 50)
    @JsonPropertyDescription("CIDRs allowed to reach the load balancer's port 443 (module: alb_allow_https_cidrs).")
    public List<@Pattern(Formats.IPV4_CIDR) String> allowHttpsCidrs;

    @Size(max = 50)
    @JsonPropertyDescription("Extra ingress rules on the created security group (module: sg_custom_ingress_rules).")
    public List<IngressRuleSpec> customIngressRules;

    @Pattern(Formats.HTTP_URL)
    @JsonPropertyDescription("HTTP(S) proxy for installs, yum, CloudWatch agent and WEKA Home (module: proxy_url).")
    public String proxyUrl;

    @Default("{}")
    @JsonPropertyDescription("VPC endpoints to create; each one independently.")
    public EndpointsSpec endpoints;

    public static class CreateNetworkSpec {
        @Default("10.0.0.0/16")
        @Pattern(Formats.IPV4_CIDR)
        @JsonPropertyDescription("CIDR of the VPC (module: vpc_cidr).")
        public String vpcCidr;

        @Default("10.0.1.0/24")
        @Pattern(Formats.IPV4_CIDR)
        @JsonPropertyDescription("CIDR of the cluster subnet (module: subnets_cidrs).")
        public String subnetCidr;

        @Pattern(Formats.AVAILABILITY_ZONE)
        @JsonPropertyDescription("Availability zone of the cluster subnet; default the region's first "
                + "(module: availability_zones).")
        public String availabilityZone;

        @Default("false")
        @JsonPropertyDescription("Create a private subnet without an internet gateway "
                + "(module: subnet_autocreate_as_private).")
        public Boolean privateSubnet;

        @Default("false")
        @JsonPropertyDescription("Put instances in a private subnet that reaches out through a NAT gateway in a public "
                + "subnet (module: create_nat_gateway).")
        public Boolean natGateway;

        @Default("10.0.2.0/24")
        @Pattern(Formats.IPV4_CIDR)
        @JsonPropertyDescription("CIDR of the NAT gateway's public subnet (module: nat_public_subnet_cidr).")
        public String natPublicSubnetCidr;
    }

    @ValidationRule(value = "self.fromPort <= self.toPort", message = "fromPort must not be greater than toPort")
    public static class IngressRuleSpec {
        @Required
        @Min(-1)
        @Max(65535)
        @JsonPropertyDescription("First port (-1 with protocol -1 for all).")
        public Integer fromPort;

        @Required
        @Min(-1)
        @Max(65535)
        @JsonPropertyDescription("Last port.")
        public Integer toPort;

        @Default("tcp")
        @Pattern("^(tcp|udp|icmp|-1)$")
        @JsonPropertyDescription("tcp, udp, icmp or -1 for all.")
        public String protocol;

        @Required
        @Size(min = 1, max = 50)
        @JsonPropertyDescription("Source CIDRs.")
        public List<@Pattern(Formats.IPV4_CIDR) String> cidrBlocks;
    }

    public static class EndpointsSpec {
        @Default("false")
        @JsonPropertyDescription("EC2 interface endpoint (module: vpc_endpoint_ec2_create).")
        public Boolean ec2;

        @Default("false")
        @JsonPropertyDescription("S3 gateway endpoint (module: vpc_endpoint_s3_gateway_create).")
        public Boolean s3Gateway;

        @Default("false")
        @JsonPropertyDescription("DynamoDB gateway endpoint (module: vpc_endpoint_dynamodb_gateway_create).")
        public Boolean dynamodbGateway;

        @Default("false")
        @JsonPropertyDescription("Lambda interface endpoint (module: vpc_endpoint_lambda_create).")
        public Boolean lambda;

        @Default("false")
        @JsonPropertyDescription("Auto Scaling interface endpoint (module: vpc_endpoint_autoscaling_create).")
        public Boolean autoscaling;

        @Default("false")
        @JsonPropertyDescription("Endpoint to WEKA's PrivateLink proxy service on port 1080 "
                + "(module: vpc_endpoint_proxy_create).")
        public Boolean wekaProxy;

        @Default("true")
        @JsonPropertyDescription("Secrets Manager interface endpoint (module: secretmanager_create_vpc_endpoint).")
        public Boolean secretsManager;

        @Size(max = 5)
        @JsonPropertyDescription("Security groups of the Secrets Manager endpoint; default the cluster's "
                + "(module: secretmanager_sg_ids).")
        public List<@Pattern(Formats.SECURITY_GROUP_ID) String> secretsManagerSecurityGroupIds;
    }
}
