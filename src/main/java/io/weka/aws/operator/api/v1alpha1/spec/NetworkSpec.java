package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@ValidationRule(value = "!(has(self.subnetId) && has(self.create))",
        message = "network.subnetId and network.create are mutually exclusive: use an existing subnet or create one")
@ValidationRule(value = "has(self.subnetId) == has(oldSelf.subnetId) "
        + "&& (!has(self.subnetId) || self.subnetId == oldSelf.subnetId)",
        fieldPath = ".subnetId", reason = "FieldValueForbidden",
        message = "network.subnetId is immutable: the cluster's instances, load balancer and endpoints live in its "
                + "subnet; create a new WekaCluster to use another network")
@ValidationRule(value = "has(self.create) == has(oldSelf.create) && (!has(self.create) || self.create == oldSelf.create)",
        fieldPath = ".create", reason = "FieldValueForbidden",
        message = "network.create is immutable: AWS cannot change a created VPC or subnet in place and replacing them "
                + "would replace every instance; create a new WekaCluster to use another network")
public class NetworkSpec {
    @Size(max = Formats.ID_LENGTH)
    @ValidationRule(value = Formats.IS_SUBNET_ID, messageExpression = Formats.SUBNET_ID_MESSAGE)
    @JsonPropertyDescription("Existing subnet for every instance; its VPC is used (module: subnet_ids). "
            + "Without it a network is created as network.create says. Immutable.")
    public String subnetId;

    @JsonPropertyDescription("The network to create when no subnetId is given (module: modules/network). "
            + "Immutable.")
    public CreateNetworkSpec create;

    @Size(max = 5)
    @ValidationRule(value = Formats.ARE_SECURITY_GROUP_IDS, messageExpression = Formats.SECURITY_GROUP_IDS_MESSAGE)
    @JsonPropertyDescription("Existing security groups for instances (module: sg_ids); otherwise one is created.")
    public List<@Size(max = Formats.ID_LENGTH) String> securityGroupIds;

    @Default("Auto")
    @JsonPropertyDescription("Public IPs on instances (module: assign_public_ip). Auto: only on a network the operator "
            + "created. One of: Auto, Disabled, Enabled. Default: Auto.")
    public AssignPublicIp assignPublicIp;

    @Size(max = 50)
    @ValidationRule(value = Formats.ARE_CIDRS, messageExpression = Formats.CIDRS_MESSAGE)
    @JsonPropertyDescription("CIDRs allowed to reach port 22 (module: allow_ssh_cidrs).")
    public List<@Size(max = Formats.CIDR_LENGTH) String> allowSshCidrs;

    @Size(max = 50)
    @ValidationRule(value = Formats.ARE_CIDRS, messageExpression = Formats.CIDRS_MESSAGE)
    @JsonPropertyDescription("CIDRs allowed to reach the WEKA API and UI on port 14000 (module: allow_weka_api_cidrs).")
    public List<@Size(max = Formats.CIDR_LENGTH) String> allowWekaApiCidrs;

    @Size(max = 50)
    @ValidationRule(value = Formats.ARE_CIDRS, messageExpression = Formats.CIDRS_MESSAGE)
    @JsonPropertyDescription("CIDRs allowed to reach the load balancer's port 443 (module: alb_allow_https_cidrs).")
    public List<@Size(max = Formats.CIDR_LENGTH) String> allowHttpsCidrs;

    @Size(max = 50)
    @JsonPropertyDescription("Extra ingress rules on the created security group (module: sg_custom_ingress_rules).")
    public List<IngressRuleSpec> customIngressRules;

    @Size(max = Formats.URL_LENGTH)
    @ValidationRule(value = Formats.IS_HTTP_URL, messageExpression = Formats.HTTP_URL_MESSAGE)
    @JsonPropertyDescription("HTTP(S) proxy for installs, yum, CloudWatch agent and WEKA Home (module: proxy_url).")
    public String proxyUrl;

    @Default("{}")
    @JsonPropertyDescription("VPC endpoints to create; each one independently.")
    public EndpointsSpec endpoints;

    public static class CreateNetworkSpec {
        @Default("10.0.0.0/16")
        @Size(max = Formats.CIDR_LENGTH)
        @ValidationRule(value = Formats.IS_CIDR, messageExpression = Formats.CIDR_MESSAGE)
        @JsonPropertyDescription("CIDR of the VPC (module: vpc_cidr). Default: 10.0.0.0/16.")
        public String vpcCidr;

        @Default("10.0.1.0/24")
        @Size(max = Formats.CIDR_LENGTH)
        @ValidationRule(value = Formats.IS_CIDR, messageExpression = Formats.CIDR_MESSAGE)
        @JsonPropertyDescription("CIDR of the cluster subnet (module: subnets_cidrs). Default: 10.0.1.0/24.")
        public String subnetCidr;

        @Size(max = Formats.ID_LENGTH)
        @ValidationRule(value = Formats.IS_AVAILABILITY_ZONE, messageExpression = Formats.AVAILABILITY_ZONE_MESSAGE)
        @JsonPropertyDescription("Availability zone of the cluster subnet; default the region's first "
                + "(module: availability_zones).")
        public String availabilityZone;

        @Default("false")
        @JsonPropertyDescription("Create a private subnet without an internet gateway "
                + "(module: subnet_autocreate_as_private). Default: false.")
        public Boolean privateSubnet;

        @Default("false")
        @JsonPropertyDescription("Put instances in a private subnet that reaches out through a NAT gateway in a public "
                + "subnet (module: create_nat_gateway). Default: false.")
        public Boolean natGateway;

        @Default("10.0.2.0/24")
        @Size(max = Formats.CIDR_LENGTH)
        @ValidationRule(value = Formats.IS_CIDR, messageExpression = Formats.CIDR_MESSAGE)
        @JsonPropertyDescription("CIDR of the NAT gateway's public subnet (module: nat_public_subnet_cidr). "
                + "Default: 10.0.2.0/24.")
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
        @ValidationRule(value = "self in ['tcp', 'udp', 'icmp', '-1']",
                messageExpression = "'must be tcp, udp, icmp or -1 (all)'" + Formats.REFUSED_VALUE)
        @JsonPropertyDescription("tcp, udp, icmp or -1 for all. Default: tcp.")
        public String protocol;

        @Required
        @Size(min = 1, max = 50)
        @ValidationRule(value = Formats.ARE_CIDRS, messageExpression = Formats.CIDRS_MESSAGE)
        @JsonPropertyDescription("Source CIDRs.")
        public List<@Size(max = Formats.CIDR_LENGTH) String> cidrBlocks;
    }

    public static class EndpointsSpec {
        @Default("false")
        @JsonPropertyDescription("EC2 interface endpoint (module: vpc_endpoint_ec2_create). Default: false.")
        public Boolean ec2;

        @Default("false")
        @JsonPropertyDescription("S3 gateway endpoint (module: vpc_endpoint_s3_gateway_create). Default: false.")
        public Boolean s3Gateway;

        @Default("false")
        @JsonPropertyDescription("DynamoDB gateway endpoint (module: vpc_endpoint_dynamodb_gateway_create). "
                + "Default: false.")
        public Boolean dynamodbGateway;

        @Default("false")
        @JsonPropertyDescription("Lambda interface endpoint (module: vpc_endpoint_lambda_create). Default: false.")
        public Boolean lambda;

        @Default("false")
        @JsonPropertyDescription("Auto Scaling interface endpoint (module: vpc_endpoint_autoscaling_create). "
                + "Default: false.")
        public Boolean autoscaling;

        @Default("false")
        @JsonPropertyDescription("Endpoint to WEKA's PrivateLink proxy service on port 1080 "
                + "(module: vpc_endpoint_proxy_create). Default: false.")
        public Boolean wekaProxy;

        @Default("true")
        @JsonPropertyDescription("Secrets Manager interface endpoint (module: secretmanager_create_vpc_endpoint). "
                + "Default: true.")
        public Boolean secretsManager;

        @Size(max = 5)
        @ValidationRule(value = Formats.ARE_SECURITY_GROUP_IDS, messageExpression = Formats.SECURITY_GROUP_IDS_MESSAGE)
        @JsonPropertyDescription("Security groups of the Secrets Manager endpoint; default the cluster's "
                + "(module: secretmanager_sg_ids).")
        public List<@Size(max = Formats.ID_LENGTH) String> secretsManagerSecurityGroupIds;
    }
}
