package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The internal application load balancer in front of the backends' API and UI. */
public class LoadBalancerSpec {
    @Default("true")
    @JsonPropertyDescription("Create the internal ALB: listeners 443 and 14000, target group HTTPS 14000 "
            + "(module: create_alb).")
    public Boolean enabled;

    @Pattern(Formats.SUBNET_ID)
    @JsonPropertyDescription("Subnet of the ALB; default the cluster subnet (module: alb_subnet_id).")
    public String subnetId;

    @Pattern(Formats.SUBNET_ID)
    @JsonPropertyDescription("Second ALB subnet, in another availability zone; required with an existing network "
            + "(module: alb_additional_subnet_id).")
    public String additionalSubnetId;

    @Default("10.0.3.0/24")
    @Pattern(Formats.IPV4_CIDR)
    @JsonPropertyDescription("CIDR of the second ALB subnet when the operator creates the network "
            + "(module: alb_additional_subnet_cidr_block).")
    public String additionalSubnetCidr;

    @Pattern(Formats.AVAILABILITY_ZONE)
    @JsonPropertyDescription("Availability zone of that second subnet (module: alb_additional_subnet_zone).")
    public String additionalSubnetAvailabilityZone;

    @Pattern(Formats.CERTIFICATE_ARN)
    @JsonPropertyDescription("ACM certificate for the listeners; default a generated self-signed certificate "
            + "(module: alb_cert_arn).")
    public String certificateArn;

    @JsonPropertyDescription("Route53 alias record for the ALB (module: alb_route53_zone_id, alb_alias_name).")
    public Route53Spec route53;

    @Pattern(Formats.DNS_NAME)
    @JsonPropertyDescription("Externally managed DNS name for the ALB, without scheme (module: alb_dns_name).")
    public String dnsName;

    @Size(max = 5)
    @JsonPropertyDescription("Security groups of the ALB; default the cluster's (module: alb_sg_ids).")
    public List<@Pattern(Formats.SECURITY_GROUP_ID) String> securityGroupIds;

    public static class Route53Spec {
        @Required
        @Pattern(Formats.HOSTED_ZONE_ID)
        @JsonPropertyDescription("Hosted zone of the record.")
        public String zoneId;

        @Required
        @Pattern(Formats.DNS_NAME)
        @JsonPropertyDescription("Record name, e.g. weka.example.internal.")
        public String aliasName;
    }
}
