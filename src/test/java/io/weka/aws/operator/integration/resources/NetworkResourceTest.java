package io.weka.aws.operator.integration.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.InvalidReferenceException;
import io.weka.aws.operator.resources.ec2.NetworkResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.NetworkShape;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;

class NetworkResourceTest {
    private static final String WEKA = "weka: {version: \"4.4.10\", tokenSecretRef: {name: t}}\n";
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private final NetworkResource resource = new NetworkResource();
    private String namespace;

    @BeforeEach
    void emptyAccount() {
        LocalAws.reset();
        namespace = LocalKubernetes.newNamespace("net");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void anExistingSubnetGivesItsVpcAndZoneAndNoPublicIps() {
        String subnetId = LocalAws.defaultSubnetId();
        ClusterContext context = converge("region: us-east-1\nnetwork: {subnetId: " + subnetId + "}\nloadBalancer: {enabled: false}\n" + WEKA);
        Subnet subnet = ec2(context).describeSubnets(r -> r.subnetIds(subnetId)).subnets().get(0);

        assertThat(context.require(Facts.SUBNET_ID)).isEqualTo(subnetId);
        assertThat(context.require(Facts.VPC_ID)).isEqualTo(subnet.vpcId());
        assertThat(context.require(Facts.AVAILABILITY_ZONE)).isEqualTo(subnet.availabilityZone());
        assertThat(context.require(Facts.ASSIGN_PUBLIC_IP)).isFalse();
        assertThat(context.changes()).isEmpty();
        assertThat(TestClusters.mutatingCalls(metrics)).isEmpty();
    }

    @Test
    void aMissingSubnetIsAClearError() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod",
                "region: us-east-1\nnetwork: {subnetId: subnet-0123456789abcdef0}\nloadBalancer: {enabled: false}\n" + WEKA);

        assertThatThrownBy(() -> resource.converge(TestClusters.context(cluster, aws)))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessage("network.subnetId subnet-0123456789abcdef0 does not exist in us-east-1");
    }

    @Test
    void createsThePublicNetworkOfTheModuleWithTheLoadBalancersSecondSubnetInAnotherZone() {
        ClusterContext context = converge("region: us-east-1\n" + WEKA);
        Ec2Client ec2 = ec2(context);
        String vpcId = context.require(Facts.VPC_ID);

        assertThat(tags(ec2.describeVpcs(r -> r.vpcIds(vpcId)).vpcs().get(0).tags())).containsEntry("Name", "weka-vpc")
                .containsEntry("weka.io/cluster-uid", context.cluster().getMetadata().getUid());
        Subnet cluster = subnet(ec2, context.require(Facts.SUBNET_ID));
        Subnet additional = subnet(ec2, context.require(Facts.ADDITIONAL_SUBNET_ID));
        assertThat(cluster.cidrBlock()).isEqualTo("10.0.1.0/24");
        assertThat(additional.cidrBlock()).isEqualTo("10.0.3.0/24");
        assertThat(additional.availabilityZone()).isNotEqualTo(cluster.availabilityZone());
        assertThat(cluster.mapPublicIpOnLaunch()).isTrue();
        assertThat(tags(cluster.tags())).containsEntry("Name", "weka-public-subnet-0");
        RouteTable routes = routeTableOf(ec2, cluster.subnetId());
        assertThat(routes.routes()).anySatisfy(r -> {
            assertThat(r.destinationCidrBlock()).isEqualTo("0.0.0.0/0");
            assertThat(r.gatewayId()).startsWith("igw-");
        });
        assertThat(context.require(Facts.ASSIGN_PUBLIC_IP)).isTrue();
        assertThat(context.inventory()).extracting(r -> r.kind).contains("Vpc", "InternetGateway", "RouteTable", "Subnet");
    }

    @Test
    void aSecondConvergeFindsTheCreatedNetworkWithoutAnyMutatingCall() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", "region: us-east-1\n" + WEKA);
        ClusterContext first = TestClusters.context(cluster, aws);
        resource.converge(first);
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);

        ClusterContext second = TestClusters.context(cluster, aws);
        resource.converge(second);

        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(second.changes()).isEmpty();
        assertThat(second.require(Facts.SUBNET_ID)).isEqualTo(first.require(Facts.SUBNET_ID));
        assertThat(ec2(second).describeVpcs(r -> r.filters(f -> f.name("tag:Name").values("weka-vpc"))).vpcs())
                .hasSize(1);
    }

    @Test
    void aPrivateNetworkHasNoWayOutAndNoPublicIps() {
        ClusterContext context = converge("region: us-east-1\nnetwork: {create: {privateSubnet: true}}\n"
                + "loadBalancer: {enabled: false}\n" + WEKA);
        Ec2Client ec2 = ec2(context);

        assertThat(ec2.describeInternetGateways(r -> r.filters(byVpc(context))).internetGateways()).isEmpty();
        assertThat(subnet(ec2, context.require(Facts.SUBNET_ID)).mapPublicIpOnLaunch()).isFalse();
        assertThat(context.find(Facts.ADDITIONAL_SUBNET_ID)).isEmpty();
        assertThat(context.require(Facts.ASSIGN_PUBLIC_IP)).isFalse();
    }

    @Test
    void aNatNetworkPutsInstancesInPrivateSubnetsRoutedThroughTheNatGateway() {
        ClusterContext context = converge("region: us-east-1\nnetwork: {create: {natGateway: true}}\n" + WEKA);
        Ec2Client ec2 = ec2(context);

        String nat = ec2.describeNatGateways(r -> r.filter(byVpc(context))).natGateways().get(0).natGatewayId();
        Subnet cluster = subnet(ec2, context.require(Facts.SUBNET_ID));
        assertThat(tags(cluster.tags())).containsEntry("Name", "weka-private-subnet-0");
        assertThat(cluster.mapPublicIpOnLaunch()).isFalse();
        assertThat(routeTableOf(ec2, cluster.subnetId()).routes())
                .anySatisfy(r -> assertThat(r.natGatewayId()).isEqualTo(nat));
        assertThat(ec2.describeSubnets(r -> r.filters(byVpc(context))).subnets()).extracting(s -> tags(s.tags()).get("Name"))
                .containsExactlyInAnyOrder("weka-public-subnet-0", "weka-private-subnet-0", "weka-private-subnet-1");
        assertThat(context.require(Facts.ASSIGN_PUBLIC_IP)).isFalse();
    }

    @Test
    void piecesAnInterruptedCreateLeftIncompleteAreCompletedAndReportedAsUpdated() {
        Built built = build("region: us-east-1\n" + WEKA);
        WekaCluster cluster = built.context().cluster();
        Ec2Client ec2 = ec2(built.context());
        String vpcId = built.context().require(Facts.VPC_ID);
        String subnetId = built.subnetId();
        RouteTable routes = built.routes();
        String gatewayId = ec2.describeInternetGateways(r -> r.filters(f -> f.name("attachment.vpc-id").values(vpcId)))
                .internetGateways().get(0).internetGatewayId();
        // What a crash right after each create (or a failed call) leaves: the calls that complete the pieces undone.
        ec2.modifyVpcAttribute(r -> r.vpcId(vpcId).enableDnsHostnames(b -> b.value(false)));
        ec2.detachInternetGateway(r -> r.internetGatewayId(gatewayId).vpcId(vpcId));
        ec2.deleteRoute(r -> r.routeTableId(routes.routeTableId()).destinationCidrBlock("0.0.0.0/0"));
        routes.associations().stream().filter(a -> subnetId.equals(a.subnetId()))
                .forEach(a -> ec2.disassociateRouteTable(r -> r.associationId(a.routeTableAssociationId())));
        ec2.modifySubnetAttribute(r -> r.subnetId(subnetId).mapPublicIpOnLaunch(b -> b.value(false)));
        assertThat(NetworkShape.of(cluster.getMetadata().getUid())).isNotEqualTo(built.shape());

        ClusterContext second = TestClusters.context(cluster, aws);
        resource.converge(second);

        assertThat(NetworkShape.of(cluster.getMetadata().getUid())).isEqualTo(built.shape());
        assertThat(second.changes()).extracting(c -> c.action() + " " + c.kind() + " " + c.name() + " (" + c.detail() + ")")
                .containsExactlyInAnyOrder("Updated Vpc " + vpcId + " (DNS hostnames enabled)",
                        "Updated InternetGateway " + gatewayId + " (attached to " + vpcId + ")",
                        "Updated RouteTable " + routes.routeTableId() + " (default route via " + gatewayId + ")",
                        "Updated Subnet " + subnetId + " (public IPs on launch)",
                        "Updated Subnet " + subnetId + " (routed through " + routes.routeTableId() + ")");
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);
        resource.converge(TestClusters.context(cluster, aws));
        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
    }

    @Test
    void aDefaultRouteOrAnAssociationLeadingElsewhereIsPointedBack() {
        Built built = build("region: us-east-1\nnetwork: {create: {natGateway: true}}\n" + WEKA);
        WekaCluster cluster = built.context().cluster();
        Ec2Client ec2 = ec2(built.context());
        String subnetId = built.subnetId();
        RouteTable natRoutes = built.routes();
        String nat = natRoutes.routes().stream().filter(r -> r.natGatewayId() != null).findFirst().orElseThrow()
                .natGatewayId();
        RouteTable publicRoutes = ec2.describeRouteTables(r -> r.filters(byVpc(built.context()),
                Filter.builder().name("tag:Name").values("weka-igw-rt").build())).routeTables().get(0);
        String gatewayId = publicRoutes.routes().stream().filter(r -> "0.0.0.0/0".equals(r.destinationCidrBlock()))
                .findFirst().orElseThrow().gatewayId();
        ec2.replaceRoute(r -> r.routeTableId(natRoutes.routeTableId()).destinationCidrBlock("0.0.0.0/0")
                .gatewayId(gatewayId));
        String association = natRoutes.associations().stream().filter(a -> subnetId.equals(a.subnetId())).findFirst()
                .orElseThrow().routeTableAssociationId();
        ec2.replaceRouteTableAssociation(r -> r.associationId(association).routeTableId(publicRoutes.routeTableId()));
        assertThat(NetworkShape.of(cluster.getMetadata().getUid())).isNotEqualTo(built.shape());

        ClusterContext second = TestClusters.context(cluster, aws);
        resource.converge(second);

        assertThat(NetworkShape.of(cluster.getMetadata().getUid())).isEqualTo(built.shape());
        assertThat(second.changes()).extracting(c -> c.kind() + " (" + c.detail() + ")").containsExactlyInAnyOrder(
                "RouteTable (default route via " + nat + ")", "Subnet (routed through " + natRoutes.routeTableId() + ")");
    }

    /** A network converged from the spec, its shape, and the cluster's subnet with its route table. */
    private record Built(ClusterContext context, List<String> shape, String subnetId, RouteTable routes) {
    }

    private Built build(String spec) {
        ClusterContext context = converge(spec);
        String subnetId = context.require(Facts.SUBNET_ID);
        return new Built(context, NetworkShape.of(context.cluster().getMetadata().getUid()), subnetId,
                routeTableOf(ec2(context), subnetId));
    }

    private ClusterContext converge(String spec) {
        ClusterContext context = TestClusters.context(TestClusters.stored(namespace, "prod", spec), aws);
        resource.converge(context);
        return context;
    }

    private static Ec2Client ec2(ClusterContext context) {
        return context.aws().ec2();
    }

    private static Filter byVpc(ClusterContext context) {
        return Filter.builder().name("vpc-id").values(context.require(Facts.VPC_ID)).build();
    }

    private static Subnet subnet(Ec2Client ec2, String id) {
        return ec2.describeSubnets(r -> r.subnetIds(id)).subnets().get(0);
    }

    private static RouteTable routeTableOf(Ec2Client ec2, String subnetId) {
        List<RouteTable> tables = ec2.describeRouteTables(r -> r.filters(f -> f.name("association.subnet-id")
                .values(subnetId))).routeTables();
        assertThat(tables).as("route table of %s", subnetId).hasSize(1);
        return tables.get(0);
    }

    private static Map<String, String> tags(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
