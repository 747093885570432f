package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The internal application load balancer in front of the backends' API and UI. */
@ValidationRule(value = "has(self.additionalSubnetAvailabilityZone) == has(oldSelf.additionalSubnetAvailabilityZone) "
        + "&& (!has(self.additionalSubnetAvailabilityZone) "
        + "|| self.additionalSubnetAvailabilityZone == oldSelf.additionalSubnetAvailabilityZone)",
        fieldPath = ".additionalSubnetAvailabilityZone", reason = "FieldValueForbidden",
        message = "loadBalancer.additionalSubnetAvailabilityZone is immutable: AWS cannot move a created subnet; "
                + "create a new WekaCluster to use another network")
public class LoadBalancerSpec {
    @Default("true")
    @JsonPropertyDescription("Create the internal ALB: listeners 443 and 14000, target group HTTPS 14000 "
            + "(module: create_alb). Default: true.")
    public Boolean enabled;

    @Size(max = Formats.ID_LENGTH)
    @ValidationRule(value = Formats.IS_SUBNET_ID, messageExpression = Formats.SUBNET_ID_MESSAGE)
    @JsonPropertyDescription("Subnet of the ALB; default the cluster subnet (module: alb_subnet_id).")
    public String subnetId;

    @Size(max = Formats.ID_LENGTH)
    @ValidationRule(value = Formats.IS_SUBNET_ID, messageExpression = Formats.SUBNET_ID_MESSAGE)
    @JsonPropertyDescription("Second ALB subnet, in another availability zone; required with an existing network "
            + "(module: alb_additional_subnet_id).")
    public String additionalSubnetId;

    @Default("10.0.3.0/24")
    @Size(max = Formats.CIDR_LENGTH)
    @ValidationRule(value = Formats.IS_CIDR, messageExpression = Formats.CIDR_MESSAGE)
    @ValidationRule(value = "self == oldSelf", reason = "FieldValueForbidden",
            messageExpression = "'loadBalancer.additionalSubnetCidr is immutable: AWS cannot change a created "
                    + "subnet; create a new WekaCluster to use another network'" + Formats.REFUSED_CHANGE)
    @JsonPropertyDescription("CIDR of the second ALB subnet when the operator creates the network "
            + "(module: alb_additional_subnet_cidr_block). Immutable. Default: 10.0.3.0/24.")
    public String additionalSubnetCidr;

    @Size(max = Formats.ID_LENGTH)
    @ValidationRule(value = Formats.IS_AVAILABILITY_ZONE, messageExpression = Formats.AVAILABILITY_ZONE_MESSAGE)
    @JsonPropertyDescription("Availability zone of that second subnet; default another zone of the region "
            + "(module: alb_additional_subnet_zone). Immutable.")
    public String additionalSubnetAvailabilityZone;

    @Size(max = Formats.ARN_LENGTH)
    @ValidationRule(value = "self.matches('^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]{36}$')",
            messageExpression = "'must be an ACM certificate ARN like "
                    + "arn:aws:acm:us-east-1:111122223333:certificate/<uuid>'" + Formats.REFUSED_VALUE)
    @JsonPropertyDescription("ACM certificate for the listeners; default a generated self-signed certificate "
            + "(module: alb_cert_arn).")
    public String certificateArn;

    @JsonPropertyDescription("Route53 alias record for the ALB (module: alb_route53_zone_id, alb_alias_name).")
    public Route53Spec route53;

    @Size(max = Formats.DNS_NAME_LENGTH)
    @ValidationRule(value = Formats.IS_DNS_NAME, messageExpression = Formats.DNS_NAME_MESSAGE)
    @JsonPropertyDescription("Externally managed DNS name for the ALB, without scheme (module: alb_dns_name).")
    public String dnsName;

    @Size(max = 5)
    @ValidationRule(value = Formats.ARE_SECURITY_GROUP_IDS, messageExpression = Formats.SECURITY_GROUP_IDS_MESSAGE)
    @JsonPropertyDescription("Security groups of the ALB; default the cluster's (module: alb_sg_ids).")
    public List<@Size(max = Formats.ID_LENGTH) String> securityGroupIds;

    public static class Route53Spec {
        @Required
        @Size(max = Formats.ID_LENGTH)
        @ValidationRule(value = "self.matches('^Z[0-9A-Z]{1,31}$')",
                messageExpression = "'must be a Route53 hosted zone ID like Z0123456789ABCDEFGHIJ'"
                        + Formats.REFUSED_VALUE)
        @JsonPropertyDescription("Hosted zone of the record.")
        public String zoneId;

        @Required
        @Size(max = Formats.DNS_NAME_LENGTH)
    @ValidationRule(value = Formats.IS_DNS_NAME, messageExpression = Formats.DNS_NAME_MESSAGE)
        @JsonPropertyDescription("Record name, e.g. weka.example.internal.")
        public String aliasName;
    }
}
