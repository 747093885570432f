package io.weka.aws.operator.resources.ec2;

import java.util.Map;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The public network's internet gateway, attached to the created VPC. Creating and attaching are two calls, so the
 * attachment is looked at on every pass: a gateway left detached would leave the public subnets without a way out.
 */
final class CreatedInternetGateway {
    private CreatedInternetGateway() {
    }

    static boolean matches(InternetGateway gateway, String vpcId) {
        return gateway.attachments().stream().anyMatch(a -> vpcId.equals(a.vpcId()));
    }

    static String converge(NetworkPieces pieces, String vpcId) {
        String name = pieces.name("igw");
        NetworkPieces.Piece<InternetGateway> gateway = pieces.findOrCreate("InternetGateway", name,
                f -> pieces.ec2().describeInternetGateways(r -> r.filters(f)).internetGateways(),
                InternetGateway::internetGatewayId,
                () -> pieces.sentOnce().createInternetGateway(r -> r.tagSpecifications(pieces.tags(
                        ResourceType.INTERNET_GATEWAY, name, Map.of()))).internetGateway());
        if (!matches(gateway.observed(), vpcId)) {
            pieces.complete("InternetGateway", gateway, "attached to " + vpcId, () -> pieces.sentOnce()
                    .attachInternetGateway(r -> r.internetGatewayId(gateway.id()).vpcId(vpcId)));
        }
        return gateway.id();
    }
}
