package io.weka.aws.operator.resources.ec2;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * A subnet of the created network: whether instances launched in it get public IPs, and the route table it is
 * associated with (none: the VPC's main table, which leads nowhere). Both are calls after CreateSubnet, so both are
 * looked at on every pass.
 */
final class CreatedSubnet {
    /** What the module makes of one subnet. */
    record Desired(String suffix, String cidr, String zone, boolean publicIps) {
    }

    private CreatedSubnet() {
    }

    static boolean matches(Subnet subnet, Desired desired) {
        return Boolean.TRUE.equals(subnet.mapPublicIpOnLaunch()) == desired.publicIps();
    }

    static boolean routedBy(RouteTable table, String subnetId) {
        return table.associations().stream().anyMatch(a -> subnetId.equals(a.subnetId()));
    }

    /** The subnet's id; {@code routes} is the table it is associated with, or null for the VPC's main table. */
    static String converge(NetworkPieces pieces, String vpcId, Desired desired, RouteTable routes) {
        String name = pieces.name(desired.suffix());
        NetworkPieces.Piece<Subnet> subnet = pieces.findOrCreate("Subnet", name,
                f -> pieces.ec2().describeSubnets(r -> r.filters(f)).subnets(), Subnet::subnetId,
                () -> pieces.sentOnce().createSubnet(r -> r.vpcId(vpcId).cidrBlock(desired.cidr())
                        .availabilityZone(desired.zone()).tagSpecifications(pieces.tags(ResourceType.SUBNET, name,
                                Map.of("Zone", desired.zone())))).subnet());
        String id = subnet.id();
        if (!matches(subnet.observed(), desired)) {
            pieces.complete("Subnet", subnet, desired.publicIps() ? "public IPs on launch" : "no public IPs on launch",
                    () -> pieces.ec2().modifySubnetAttribute(r -> r.subnetId(id)
                            .mapPublicIpOnLaunch(b -> b.value(desired.publicIps()))));
        }
        if (routes != null && !routedBy(routes, id)) {
            Optional<String> other = explicitAssociation(pieces, id);
            pieces.complete("Subnet", subnet, "routed through " + routes.routeTableId(), () -> other.ifPresentOrElse(
                    association -> pieces.ec2().replaceRouteTableAssociation(r -> r.associationId(association)
                            .routeTableId(routes.routeTableId())),
                    () -> pieces.sentOnce().associateRouteTable(r -> r.subnetId(id).routeTableId(routes.routeTableId()))));
        }
        return id;
    }

    /** The subnet's association with another table (someone else's change), which a new one could not join. */
    private static Optional<String> explicitAssociation(NetworkPieces pieces, String subnetId) {
        return pieces.ec2().describeRouteTables(r -> r.filters(NetworkPieces.filter("association.subnet-id", subnetId)))
                .routeTables().stream().flatMap(t -> t.associations().stream())
                .filter(a -> subnetId.equals(a.subnetId())).map(RouteTableAssociation::routeTableAssociationId)
                .findFirst();
    }
}
