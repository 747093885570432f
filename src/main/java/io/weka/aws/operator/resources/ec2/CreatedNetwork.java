package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.api.v1alpha1.spec.NetworkSpec.CreateNetworkSpec;
import io.weka.aws.operator.resources.ClusterContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.RouteTable;

/**
 * The network the module's modules/network creates when no subnet is given: a VPC, then public subnets behind an
 * internet gateway, or private subnets (no way out), or private subnets behind a NAT gateway in one public subnet.
 * Each piece (one class each) is found by tag or created tagged, then completed: converging returns only once every
 * piece is there and complete, so InfrastructureReady is never reported over a half-made network.
 */
final class CreatedNetwork {
    /** The cluster's subnet, the load balancer's second subnet (when asked), the VPC and the cluster's zone. */
    record Layout(String vpcId, String subnetId, String additionalSubnetId, String availabilityZone) {
    }

    private final ClusterContext context;
    private final NetworkPieces pieces;

    CreatedNetwork(ClusterContext context) {
        this.context = context;
        this.pieces = new NetworkPieces(context);
    }

    Layout converge() {
        WekaClusterSpec spec = context.spec();
        CreateNetworkSpec create = Optional.ofNullable(spec.network.create).orElseGet(CreateNetworkSpec::new);
        boolean privateSubnets = Boolean.TRUE.equals(create.privateSubnet);
        boolean nat = Boolean.TRUE.equals(create.natGateway);
        String vpcId = owned("Vpc", CreatedVpc.converge(pieces, Optional.ofNullable(create.vpcCidr).orElse("10.0.0.0/16")));
        List<String> zones = NetworkZones.ordered(pieces.ec2(), spec);
        List<String> cidrs = new ArrayList<>(List.of(Optional.ofNullable(create.subnetCidr).orElse("10.0.1.0/24")));
        if (spec.loadBalancer.enabled) {
            cidrs.add(Optional.ofNullable(spec.loadBalancer.additionalSubnetCidr).orElse("10.0.3.0/24"));
        }
        RouteTable publicRoutes = null;
        if (!privateSubnets) {
            String gateway = owned("InternetGateway", CreatedInternetGateway.converge(pieces, vpcId));
            publicRoutes = routeTable(vpcId, "igw-rt", CreatedRouteTable.Target.internetGateway(gateway));
        }
        RouteTable instanceRoutes = privateSubnets ? null : publicRoutes;
        boolean publicInstanceSubnets = !privateSubnets && !nat;
        if (nat) {
            String natSubnet = subnet(vpcId, new CreatedSubnet.Desired("public-subnet-0", Optional.ofNullable(
                    create.natPublicSubnetCidr).orElse("10.0.2.0/24"), zones.get(0), true), publicRoutes);
            String natGateway = owned("NatGateway", CreatedNatGateway.converge(pieces, natSubnet));
            instanceRoutes = routeTable(vpcId, "nat-rt", CreatedRouteTable.Target.natGateway(natGateway));
        }
        List<String> subnets = new ArrayList<>();
        for (int i = 0; i < cidrs.size(); i++) {
            subnets.add(subnet(vpcId, new CreatedSubnet.Desired((publicInstanceSubnets ? "public" : "private")
                    + "-subnet-" + i, cidrs.get(i), zones.get(i), publicInstanceSubnets), instanceRoutes));
        }
        return new Layout(vpcId, subnets.get(0), subnets.size() > 1 ? subnets.get(1) : null, zones.get(0));
    }

    private RouteTable routeTable(String vpcId, String suffix, CreatedRouteTable.Target target) {
        RouteTable table = CreatedRouteTable.converge(pieces, vpcId, suffix, target);
        owned("RouteTable", table.routeTableId());
        return table;
    }

    private String subnet(String vpcId, CreatedSubnet.Desired desired, RouteTable routes) {
        return owned("Subnet", CreatedSubnet.converge(pieces, vpcId, desired, routes));
    }

    private String owned(String kind, String id) {
        context.owns(kind, id, null);
        return id;
    }
}
