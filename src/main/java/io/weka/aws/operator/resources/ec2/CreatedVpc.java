package io.weka.aws.operator.resources.ec2;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.CreateVpcRequest;
import software.amazon.awssdk.services.ec2.model.ModifyVpcAttributeRequest;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;

/**
 * The created network's VPC, with DNS support and DNS hostnames on as the module's aws_vpc has them: instances get
 * resolvable names, and the Secrets Manager endpoint's private DNS name needs both. CreateVpc cannot set them, so
 * each is looked at on every pass and set when it is off.
 */
final class CreatedVpc {
    /**
     * The VPC attributes the module turns on, support first (EC2 refuses hostnames without it); EC2 starts a VPC with
     * support on and hostnames off.
     */
    static final List<VpcAttributeName> DNS = List.of(VpcAttributeName.ENABLE_DNS_SUPPORT,
            VpcAttributeName.ENABLE_DNS_HOSTNAMES);

    private CreatedVpc() {
    }

    static CreateVpcRequest desired(String cidr, TagSpecification tags) {
        return CreateVpcRequest.builder().cidrBlock(cidr).tagSpecifications(tags).build();
    }

    /** The call that turns one of the DNS attributes on. */
    static ModifyVpcAttributeRequest enable(String vpcId, VpcAttributeName attribute) {
        ModifyVpcAttributeRequest.Builder request = ModifyVpcAttributeRequest.builder().vpcId(vpcId);
        return (attribute == VpcAttributeName.ENABLE_DNS_SUPPORT ? request.enableDnsSupport(b -> b.value(true))
                : request.enableDnsHostnames(b -> b.value(true))).build();
    }

    static String converge(NetworkPieces pieces, String cidr) {
        String name = pieces.name("vpc");
        NetworkPieces.Piece<Vpc> vpc = pieces.findOrCreate("Vpc", name,
                f -> pieces.ec2().describeVpcs(r -> r.filters(f)).vpcs(), Vpc::vpcId,
                () -> pieces.sentOnce().createVpc(desired(cidr, pieces.tags(ResourceType.VPC, name, Map.of()))).vpc());
        for (VpcAttributeName attribute : DNS) {
            if (!enabled(pieces, vpc.id(), attribute)) {
                pieces.complete("Vpc", vpc, attribute == VpcAttributeName.ENABLE_DNS_SUPPORT ? "DNS support enabled"
                        : "DNS hostnames enabled",
                        () -> pieces.ec2().modifyVpcAttribute(enable(vpc.id(), attribute)));
            }
        }
        return vpc.id();
    }

    private static boolean enabled(NetworkPieces pieces, String vpcId, VpcAttributeName attribute) {
        var answer = pieces.ec2().describeVpcAttribute(r -> r.vpcId(vpcId).attribute(attribute));
        var value = attribute == VpcAttributeName.ENABLE_DNS_SUPPORT ? answer.enableDnsSupport()
                : answer.enableDnsHostnames();
        return value != null && Boolean.TRUE.equals(value.value());
    }
}
