package io.weka.aws.operator.resources.ec2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.CreateNatGatewayRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The NAT gateway of a private network and its Elastic IP, in the public subnet. Both are found by tag, so a crash
 * between allocating the address and creating the gateway leaves an address the next pass uses; the client token
 * makes a create retried after a lost answer return the same gateway.
 */
final class CreatedNatGateway {
    private CreatedNatGateway() {
    }

    /** {@code predecessors}: this cluster's deleted or failed gateways, each visible for a while, each another intent. */
    static CreateNatGatewayRequest desired(NetworkPieces pieces, String publicSubnet, String allocationId, String name,
            int predecessors) {
        return CreateNatGatewayRequest.builder().subnetId(publicSubnet).allocationId(allocationId)
                .clientToken(pieces.clientToken("nat", predecessors))
                .tagSpecifications(pieces.tags(ResourceType.NATGATEWAY, name, Map.of())).build();
    }

    static String converge(NetworkPieces pieces, String publicSubnet) {
        String name = pieces.name("private-nat");
        return pieces.findOrCreate("NatGateway", name, f -> pieces.ec2().describeNatGateways(r -> r.filter(live(f)))
                .natGateways(), NatGateway::natGatewayId, () -> pieces.ec2().createNatGateway(desired(pieces,
                        publicSubnet, elasticIp(pieces), name, pieces.ec2().describeNatGateways(r -> r.filter(
                                pieces.identity(name))).natGateways().size())).natGateway()).id();
    }

    /** A deleted or failed gateway is history, not ours to use. */
    private static List<Filter> live(List<Filter> filters) {
        List<Filter> live = new ArrayList<>(filters);
        live.add(NetworkPieces.filter("state", "pending", "available"));
        return live;
    }

    private static String elasticIp(NetworkPieces pieces) {
        String name = pieces.name("nat-eip");
        return pieces.findOrCreate("ElasticIp", name, f -> pieces.ec2().describeAddresses(r -> r.filters(f)).addresses(),
                Address::allocationId, () -> {
                    String id = pieces.sentOnce().allocateAddress(r -> r.domain("vpc").tagSpecifications(pieces.tags(
                            ResourceType.ELASTIC_IP, name, Map.of()))).allocationId();
                    return Address.builder().allocationId(id).build();
                }).id();
    }
}
