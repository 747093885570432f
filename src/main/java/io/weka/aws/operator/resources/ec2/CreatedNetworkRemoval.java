package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Removal;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;

/**
 * Removes the network {@link CreatedNetwork} made, found by the cluster's identity tag alone: the NAT gateway first
 * (it holds the Elastic IP and sits in a subnet), then the Elastic IP, route tables, subnets, internet gateway and
 * the VPC. A piece still in use (an instance shutting down in a subnet) holds the rest back until the next pass.
 */
final class CreatedNetworkRemoval {
    private final ClusterContext context;
    private final Ec2Client ec2;
    private final Filter ours;

    CreatedNetworkRemoval(ClusterContext context) {
        this.context = context;
        this.ec2 = context.aws().ec2();
        this.ours = Filter.builder().name("tag:" + ClusterTags.CLUSTER_UID)
                .values(context.cluster().getMetadata().getUid()).build();
    }

    Removal delete() {
        if (natGateways() == Removal.IN_PROGRESS) {
            return Removal.IN_PROGRESS;
        }
        Removal removal = Removal.GONE;
        for (var address : ec2.describeAddresses(r -> r.filters(ours)).addresses()) {
            removal = removal.and(removed("ElasticIp", address.allocationId(),
                    () -> ec2.releaseAddress(r -> r.allocationId(address.allocationId()))));
        }
        for (var table : ec2.describeRouteTables(r -> r.filters(ours)).routeTables()) {
            table.associations().stream().filter(a -> !Boolean.TRUE.equals(a.main()))
                    .map(RouteTableAssociation::routeTableAssociationId)
                    .forEach(id -> ec2.disassociateRouteTable(r -> r.associationId(id)));
            removal = removal.and(removed("RouteTable", table.routeTableId(),
                    () -> ec2.deleteRouteTable(r -> r.routeTableId(table.routeTableId()))));
        }
        for (var subnet : ec2.describeSubnets(r -> r.filters(ours)).subnets()) {
            removal = removal.and(removed("Subnet", subnet.subnetId(),
                    () -> ec2.deleteSubnet(r -> r.subnetId(subnet.subnetId()))));
        }
        for (var gateway : ec2.describeInternetGateways(r -> r.filters(ours)).internetGateways()) {
            gateway.attachments().forEach(a -> ec2.detachInternetGateway(r -> r
                    .internetGatewayId(gateway.internetGatewayId()).vpcId(a.vpcId())));
            removal = removal.and(removed("InternetGateway", gateway.internetGatewayId(),
                    () -> ec2.deleteInternetGateway(r -> r.internetGatewayId(gateway.internetGatewayId()))));
        }
        if (removal == Removal.IN_PROGRESS) {
            return removal;
        }
        for (var vpc : ec2.describeVpcs(r -> r.filters(ours)).vpcs()) {
            removal = removal.and(removed("Vpc", vpc.vpcId(), () -> ec2.deleteVpc(r -> r.vpcId(vpc.vpcId()))));
        }
        return removal;
    }

    /** NAT gateways take a while to go, and hold their Elastic IP until they have. */
    private Removal natGateways() {
        List<NatGateway> gateways = ec2.describeNatGateways(r -> r.filter(ours)).natGateways().stream()
                .filter(n -> n.state() != NatGatewayState.DELETED && n.state() != NatGatewayState.FAILED).toList();
        for (NatGateway gateway : gateways) {
            if (gateway.state() != NatGatewayState.DELETING) {
                ec2.deleteNatGateway(r -> r.natGatewayId(gateway.natGatewayId()));
                context.deleted("NatGateway", gateway.natGatewayId());
            }
        }
        return gateways.isEmpty() ? Removal.GONE : Removal.IN_PROGRESS;
    }

    private Removal removed(String kind, String id, Runnable delete) {
        Removal removal = Removal.attempt(delete);
        if (removal == Removal.GONE) {
            context.deleted(kind, id);
        }
        return removal;
    }
}
