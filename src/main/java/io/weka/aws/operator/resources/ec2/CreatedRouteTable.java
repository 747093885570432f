package io.weka.aws.operator.resources.ec2;

import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteState;
import software.amazon.awssdk.services.ec2.model.RouteTable;

/**
 * A route table of the created network with its default route: through the internet gateway for public subnets,
 * through the NAT gateway for private ones. The table and the route are two calls, so the route is looked at on every
 * pass and created, or pointed back at the gateway, when it is missing or leads elsewhere.
 */
final class CreatedRouteTable {
    static final String DEFAULT_ROUTE = "0.0.0.0/0";

    /** Where the default route leads: an internet gateway or a NAT gateway. */
    record Target(String gatewayId, String natGatewayId) {
        static Target internetGateway(String id) {
            return new Target(id, null);
        }

        static Target natGateway(String id) {
            return new Target(null, id);
        }

        String id() {
            return gatewayId != null ? gatewayId : natGatewayId;
        }
    }

    private CreatedRouteTable() {
    }

    static boolean matches(RouteTable table, Target target) {
        return table.routes().stream().anyMatch(route -> isDefault(route) && route.state() != RouteState.BLACKHOLE
                && Objects.equals(route.gatewayId(), target.gatewayId())
                && Objects.equals(route.natGatewayId(), target.natGatewayId()));
    }

    /** The table as this pass found or made it: its associations tell the subnets whether they are routed. */
    static RouteTable converge(NetworkPieces pieces, String vpcId, String suffix, Target target) {
        String name = pieces.name(suffix);
        NetworkPieces.Piece<RouteTable> table = pieces.findOrCreate("RouteTable", name,
                f -> pieces.ec2().describeRouteTables(r -> r.filters(f)).routeTables(), RouteTable::routeTableId,
                () -> pieces.sentOnce().createRouteTable(r -> r.vpcId(vpcId)
                        .tagSpecifications(pieces.tags(ResourceType.ROUTE_TABLE, name, Map.of()))).routeTable());
        if (!matches(table.observed(), target)) {
            boolean elsewhere = table.observed().routes().stream().anyMatch(CreatedRouteTable::isDefault);
            pieces.complete("RouteTable", table, "default route via " + target.id(), () -> {
                if (elsewhere) {
                    pieces.ec2().replaceRoute(r -> r.routeTableId(table.id()).destinationCidrBlock(DEFAULT_ROUTE)
                            .gatewayId(target.gatewayId()).natGatewayId(target.natGatewayId()));
                } else {
                    pieces.sentOnce().createRoute(r -> r.routeTableId(table.id()).destinationCidrBlock(DEFAULT_ROUTE)
                            .gatewayId(target.gatewayId()).natGatewayId(target.natGatewayId()));
                }
            });
        }
        return table.observed();
    }

    private static boolean isDefault(Route route) {
        return DEFAULT_ROUTE.equals(route.destinationCidrBlock());
    }
}
