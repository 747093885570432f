package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.api.v1alpha1.spec.NetworkSpec.CreateNetworkSpec;
import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.resources.ClusterContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The network the module's modules/network creates when no subnet is given: a VPC, then public subnets behind an
 * internet gateway, or private subnets (no way out), or private subnets behind a NAT gateway in one public subnet.
 * The module names these with the prefix only, so they are found by our identity tag and their Name tag; every
 * piece is tagged in the call that creates it, so a crash cannot leave an untagged orphan.
 */
final class CreatedNetwork {
    /** The cluster's subnet, the load balancer's second subnet (when asked), the VPC and the cluster's zone. */
    record Layout(String vpcId, String subnetId, String additionalSubnetId, String availabilityZone) {
    }

    private final ClusterContext context;
    private final Ec2Client ec2;
    private final String prefix;

    CreatedNetwork(ClusterContext context) {
        this.context = context;
        this.ec2 = context.aws().ec2();
        this.prefix = context.names().prefix();
    }

    Layout converge() {
        WekaClusterSpec spec = context.spec();
        CreateNetworkSpec create = Optional.ofNullable(spec.network.create).orElseGet(CreateNetworkSpec::new);
        boolean privateSubnets = Boolean.TRUE.equals(create.privateSubnet);
        boolean nat = Boolean.TRUE.equals(create.natGateway);
        String vpcId = owned("Vpc", vpc(Optional.ofNullable(create.vpcCidr).orElse("10.0.0.0/16")));
        List<String> zones = zones(create, spec);
        List<String> cidrs = new ArrayList<>(List.of(Optional.ofNullable(create.subnetCidr).orElse("10.0.1.0/24")));
        if (spec.loadBalancer.enabled) {
            cidrs.add(Optional.ofNullable(spec.loadBalancer.additionalSubnetCidr).orElse("10.0.3.0/24"));
        }
        String igw = privateSubnets ? null : owned("InternetGateway", internetGateway(vpcId));
        String publicRoutes = igw == null ? null : owned("RouteTable", routeTable(vpcId, "igw-rt", "0.0.0.0/0", igw, null));
        List<String> subnets = new ArrayList<>();
        if (nat) {
            String natSubnet = owned("Subnet", subnet(vpcId, "public-subnet-0", Optional.ofNullable(
                    create.natPublicSubnetCidr).orElse("10.0.2.0/24"), zones.get(0), true, publicRoutes));
            String natGateway = owned("NatGateway", natGateway(natSubnet));
            String natRoutes = owned("RouteTable", routeTable(vpcId, "nat-rt", "0.0.0.0/0", null, natGateway));
            for (int i = 0; i < cidrs.size(); i++) {
                subnets.add(subnet(vpcId, "private-subnet-" + i, cidrs.get(i), zones.get(i), false, natRoutes));
            }
        } else {
            for (int i = 0; i < cidrs.size(); i++) {
                subnets.add(privateSubnets
                        ? subnet(vpcId, "private-subnet-" + i, cidrs.get(i), zones.get(i), false, null)
                        : subnet(vpcId, "public-subnet-" + i, cidrs.get(i), zones.get(i), true, publicRoutes));
            }
        }
        subnets.forEach(id -> owned("Subnet", id));
        return new Layout(vpcId, subnets.get(0), subnets.size() > 1 ? subnets.get(1) : null, zones.get(0));
    }

    private String owned(String kind, String id) {
        context.owns(kind, id, null);
        return id;
    }

    /** The user's zones first, then the region's others, as the module's availability_zones_list. */
    private List<String> zones(CreateNetworkSpec create, WekaClusterSpec spec) {
        List<String> zones = new ArrayList<>();
        Optional.ofNullable(create.availabilityZone).ifPresent(zones::add);
        Optional.ofNullable(spec.loadBalancer.additionalSubnetAvailabilityZone).ifPresent(zones::add);
        ec2.describeAvailabilityZones(r -> r.filters(filter("state", "available"))).availabilityZones().stream()
                .map(z -> z.zoneName()).sorted().filter(z -> !zones.contains(z)).forEach(zones::add);
        return zones;
    }

    private String vpc(String cidr) {
        String name = prefix + "-vpc";
        return find(name, f -> ec2.describeVpcs(r -> r.filters(f)).vpcs().stream().map(v -> v.vpcId()).toList())
                .orElseGet(() -> {
                    String id = ec2.createVpc(r -> r.cidrBlock(cidr).tagSpecifications(tags(ResourceType.VPC, name)))
                            .vpc().vpcId();
                    ec2.modifyVpcAttribute(r -> r.vpcId(id).enableDnsSupport(b -> b.value(true)));
                    ec2.modifyVpcAttribute(r -> r.vpcId(id).enableDnsHostnames(b -> b.value(true)));
                    context.created("Vpc", id);
                    return id;
                });
    }

    private String internetGateway(String vpcId) {
        String name = prefix + "-igw";
        return find(name, f -> ec2.describeInternetGateways(r -> r.filters(f)).internetGateways().stream()
                .map(g -> g.internetGatewayId()).toList()).orElseGet(() -> {
                    String id = ec2.createInternetGateway(r -> r.tagSpecifications(tags(ResourceType.INTERNET_GATEWAY,
                            name))).internetGateway().internetGatewayId();
                    ec2.attachInternetGateway(r -> r.internetGatewayId(id).vpcId(vpcId));
                    context.created("InternetGateway", id);
                    return id;
                });
    }

    private String routeTable(String vpcId, String suffix, String destination, String gatewayId, String natGatewayId) {
        String name = prefix + "-" + suffix;
        return find(name, f -> ec2.describeRouteTables(r -> r.filters(f)).routeTables().stream()
                .map(t -> t.routeTableId()).toList()).orElseGet(() -> {
                    String id = ec2.createRouteTable(r -> r.vpcId(vpcId).tagSpecifications(tags(ResourceType.ROUTE_TABLE,
                            name))).routeTable().routeTableId();
                    ec2.createRoute(r -> r.routeTableId(id).destinationCidrBlock(destination).gatewayId(gatewayId)
                            .natGatewayId(natGatewayId));
                    context.created("RouteTable", id);
                    return id;
                });
    }

    /** A subnet, associated with the route table when one is given (else the VPC's main table applies). */
    private String subnet(String vpcId, String suffix, String cidr, String zone, boolean publicIps, String routeTable) {
        String name = prefix + "-" + suffix;
        return find(name, f -> ec2.describeSubnets(r -> r.filters(f)).subnets().stream().map(s -> s.subnetId())
                .toList()).orElseGet(() -> {
                    String id = ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock(cidr).availabilityZone(zone)
                            .tagSpecifications(tags(ResourceType.SUBNET, name, Map.of("Zone", zone)))).subnet().subnetId();
                    if (publicIps) {
                        ec2.modifySubnetAttribute(r -> r.subnetId(id).mapPublicIpOnLaunch(b -> b.value(true)));
                    }
                    if (routeTable != null) {
                        ec2.associateRouteTable(r -> r.subnetId(id).routeTableId(routeTable));
                    }
                    context.created("Subnet", id);
                    return id;
                });
    }

    /** The NAT gateway and its Elastic IP; the client token makes a retried create return the same gateway. */
    private String natGateway(String publicSubnet) {
        String name = prefix + "-private-nat";
        return find(name, f -> ec2.describeNatGateways(r -> r.filter(with(f, filter("state", "pending", "available"))))
                .natGateways().stream().map(n -> n.natGatewayId()).toList()).orElseGet(() -> {
                    String eip = find(prefix + "-nat-eip", f -> ec2.describeAddresses(r -> r.filters(f)).addresses()
                            .stream().map(a -> a.allocationId()).toList()).orElseGet(() -> ec2.allocateAddress(r -> r
                            .domain("vpc").tagSpecifications(tags(ResourceType.ELASTIC_IP, prefix + "-nat-eip")))
                            .allocationId());
                    String id = ec2.createNatGateway(r -> r.subnetId(publicSubnet).allocationId(eip)
                            .clientToken(context.cluster().getMetadata().getUid() + "-nat")
                            .tagSpecifications(tags(ResourceType.NATGATEWAY, name))).natGateway().natGatewayId();
                    context.created("NatGateway", id);
                    return id;
                });
    }

    /** The resource of this cluster with that Name tag: one describe call, the filters AND-ed. */
    private Optional<String> find(String name, Function<List<Filter>, List<String>> describe) {
        return describe.apply(List.of(filter("tag:" + ClusterTags.CLUSTER_UID, context.cluster().getMetadata().getUid()),
                filter("tag:Name", name))).stream().findFirst();
    }

    private TagSpecification tags(ResourceType type, String name) {
        return tags(type, name, Map.of());
    }

    private TagSpecification tags(ResourceType type, String name, Map<String, String> extra) {
        Map<String, String> tags = new LinkedHashMap<>(Map.of("Name", name, "Environment", prefix));
        tags.putAll(extra);
        return TagSpecification.builder().resourceType(type)
                .tags(ClusterTags.as(context.tags().with(tags), (k, v) -> Tag.builder().key(k).value(v).build())).build();
    }

    private static List<Filter> with(List<Filter> filters, Filter more) {
        List<Filter> all = new ArrayList<>(filters);
        all.add(more);
        return all;
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }
}
