package io.weka.aws.operator.testenv;

import io.weka.aws.operator.model.ClusterTags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;

/**
 * The network the operator created for a cluster, as it stands in AWS: one line per piece that carries the cluster's
 * UID, naming each piece and what it refers to by their Name tags, so that two networks built from the same spec
 * compare equal, and a missing, duplicated or incomplete piece (a detached gateway, a route table without its default
 * route, a subnet without its association or public-IP setting, DNS hostnames off) shows as a differing line.
 */
public final class NetworkShape {
    private NetworkShape() {
    }

    public static List<String> of(String clusterUid) {
        LocalAws.endpoint();
        Filter ours = Filter.builder().name("tag:" + ClusterTags.CLUSTER_UID).values(clusterUid).build();
        try (Ec2Client ec2 = Ec2Client.builder().region(Region.of(LocalAws.REGION)).build()) {
            Map<String, String> names = new HashMap<>();
            var vpcs = ec2.describeVpcs(r -> r.filters(ours)).vpcs();
            vpcs.forEach(v -> names.put(v.vpcId(), name(v.tags())));
            var gateways = ec2.describeInternetGateways(r -> r.filters(ours)).internetGateways();
            gateways.forEach(g -> names.put(g.internetGatewayId(), name(g.tags())));
            List<NatGateway> nats = ec2.describeNatGateways(r -> r.filter(ours)).natGateways().stream()
                    .filter(n -> n.state() != NatGatewayState.DELETED && n.state() != NatGatewayState.FAILED).toList();
            nats.forEach(n -> names.put(n.natGatewayId(), name(n.tags())));
            var addresses = ec2.describeAddresses(r -> r.filters(ours)).addresses();
            addresses.forEach(a -> names.put(a.allocationId(), name(a.tags())));
            var subnets = ec2.describeSubnets(r -> r.filters(ours)).subnets();
            subnets.forEach(s -> names.put(s.subnetId(), name(s.tags())));
            List<RouteTable> tables = ec2.describeRouteTables(r -> r.filters(ours)).routeTables();
            tables.forEach(t -> names.put(t.routeTableId(), name(t.tags())));

            List<String> shape = new ArrayList<>();
            vpcs.forEach(v -> shape.add("Vpc " + name(v.tags()) + " " + v.cidrBlock()
                    + " dnsSupport=" + attribute(ec2, v.vpcId(), VpcAttributeName.ENABLE_DNS_SUPPORT)
                    + " dnsHostnames=" + attribute(ec2, v.vpcId(), VpcAttributeName.ENABLE_DNS_HOSTNAMES)));
            gateways.forEach(g -> shape.add("InternetGateway " + name(g.tags()) + " attachedTo="
                    + g.attachments().stream().map(a -> names.getOrDefault(a.vpcId(), a.vpcId())).sorted().toList()));
            tables.forEach(t -> shape.add("RouteTable " + name(t.tags()) + " defaultRouteTo=" + t.routes().stream()
                    .filter(r -> "0.0.0.0/0".equals(r.destinationCidrBlock()))
                    .map(r -> names.getOrDefault(Optional.ofNullable(r.gatewayId()).orElse(r.natGatewayId()),
                            "foreign") + "(" + r.stateAsString() + ")").sorted().toList()));
            subnets.forEach(s -> shape.add("Subnet " + name(s.tags()) + " " + s.cidrBlock() + " publicIps="
                    + s.mapPublicIpOnLaunch() + " routedBy=" + tables.stream().filter(t -> t.associations().stream()
                            .anyMatch(a -> s.subnetId().equals(a.subnetId()))).map(t -> name(t.tags())).sorted().toList()));
            nats.forEach(n -> shape.add("NatGateway " + name(n.tags()) + " in=" + names.get(n.subnetId())
                    + " addresses=" + n.natGatewayAddresses().stream().map(a -> names.get(a.allocationId())).toList()));
            addresses.forEach(a -> shape.add("ElasticIp " + name(a.tags())));
            return shape.stream().sorted().toList();
        }
    }

    private static boolean attribute(Ec2Client ec2, String vpcId, VpcAttributeName attribute) {
        var answer = ec2.describeVpcAttribute(r -> r.vpcId(vpcId).attribute(attribute));
        return Boolean.TRUE.equals((attribute == VpcAttributeName.ENABLE_DNS_SUPPORT ? answer.enableDnsSupport()
                : answer.enableDnsHostnames()).value());
    }

    private static String name(List<Tag> tags) {
        return tags.stream().filter(t -> t.key().equals("Name")).map(Tag::value).findFirst().orElse("(no Name)");
    }
}
