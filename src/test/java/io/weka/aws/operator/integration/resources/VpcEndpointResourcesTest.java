package io.weka.aws.operator.integration.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.ConvergenceGraph;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.ec2.EndpointSecurityGroupResource;
import io.weka.aws.operator.resources.ec2.VpcEndpointResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

class VpcEndpointResourcesTest {
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private LoadBalancerFixture network;
    private String namespace;

    @BeforeEach
    void emptyAccount() {
        LocalAws.reset();
        namespace = LocalKubernetes.newNamespace("vpce");
        try (var session = aws.session(LocalAws.REGION, "default", aws::defaultCredentials)) {
            LocalAws.endpoint();
            network = new LoadBalancerFixture(session.ec2());
        }
    }

    @AfterEach
    void close() {
        aws.close();
    }

    private static ConvergenceGraph graph() {
        List<AwsResource> resources = new ArrayList<>(List.of(EndpointSecurityGroupResource.services(),
                EndpointSecurityGroupResource.proxy()));
        resources.addAll(VpcEndpointResource.all());
        return new ConvergenceGraph(resources);
    }

    private WekaCluster cluster(String endpoints) {
        return TestClusters.stored(namespace, "prod", """
                region: us-east-1
                weka: {version: "4.4.10", tokenSecretRef: {name: t}}
                network: {subnetId: %s, endpoints: %s}
                loadBalancer: {enabled: false}
                """.formatted(network.clusterSubnet, endpoints));
    }

    private ClusterContext converge(WekaCluster cluster) {
        ClusterContext context = TestClusters.context(cluster, aws);
        context.publish(Facts.VPC_ID, network.vpcId);
        context.publish(Facts.SUBNET_ID, network.clusterSubnet);
        context.publish(Facts.SECURITY_GROUP_IDS, List.of(network.securityGroup));
        ConvergenceGraph.Result result = graph().converge(context, Runnable::run);
        result.failures().values().stream().findFirst().ifPresent(e -> {
            throw e;
        });
        return context;
    }

    @Test
    void theSecretsManagerEndpointIsOnByDefaultWithTheClustersGroups() {
        ClusterContext context = converge(cluster("{}"));

        VpcEndpoint endpoint = endpoints(context).get("weka-secretmanager-endpoint");
        assertThat(endpoints(context)).containsOnlyKeys("weka-secretmanager-endpoint");
        assertThat(endpoint.serviceName()).isEqualTo("com.amazonaws.us-east-1.secretsmanager");
        assertThat(endpoint.vpcEndpointTypeAsString()).isEqualTo("Interface");
        assertThat(endpoint.subnetIds()).containsExactly(network.clusterSubnet);
        assertThat(endpoint.groups()).extracting(g -> g.groupId()).containsExactly(network.securityGroup);
        assertThat(endpoint.privateDnsEnabled()).isTrue();
        assertThat(tags(endpoint)).containsEntry("Environment", "weka")
                .containsEntry("weka.io/cluster-uid", context.cluster().getMetadata().getUid());
        assertThat(groups(context)).isEmpty();
    }

    @Test
    void eachEndpointStandsOnItsOwnFlag() {
        ClusterContext context = converge(cluster("{lambda: true, secretsManager: false}"));

        assertThat(endpoints(context)).containsOnlyKeys("weka-lambda-endpoint");
        VpcEndpoint lambda = endpoints(context).get("weka-lambda-endpoint");
        assertThat(lambda.serviceName()).isEqualTo("com.amazonaws.us-east-1.lambda");
        SecurityGroup group = groups(context).get("weka-ec2-vpc-endpoint-sg");
        assertThat(lambda.groups()).extracting(g -> g.groupId()).containsExactly(group.groupId());
        assertThat(rules(context, group)).containsExactlyInAnyOrder("ingress -1 0.0.0.0/0", "egress -1 0.0.0.0/0");
    }

    @Test
    void gatewayEndpointsRouteTheClusterSubnetAndTheProxyEndpointReachesWekasService() {
        ClusterContext context = converge(cluster("{s3Gateway: true, dynamodbGateway: true, wekaProxy: true, "
                + "ec2: true, autoscaling: true, secretsManager: false}"));
        Ec2Client ec2 = context.aws().ec2();
        String mainTable = ec2.describeRouteTables(r -> r.filters(f -> f.name("vpc-id").values(network.vpcId),
                f -> f.name("association.main").values("true"))).routeTables().get(0).routeTableId();

        Map<String, VpcEndpoint> endpoints = endpoints(context);
        assertThat(endpoints).containsOnlyKeys("weka-s3-gateway-endpoint", "weka-dynamodb-gateway-endpoint",
                "weka-proxy-endpoint", "weka-ec2-endpoint", "weka-autoscaling-endpoint");
        for (String gateway : List.of("weka-s3-gateway-endpoint", "weka-dynamodb-gateway-endpoint")) {
            assertThat(endpoints.get(gateway).vpcEndpointTypeAsString()).isEqualTo("Gateway");
            assertThat(endpoints.get(gateway).routeTableIds()).containsExactly(mainTable);
        }
        assertThat(endpoints.get("weka-dynamodb-gateway-endpoint").serviceName())
                .isEqualTo("com.amazonaws.us-east-1.dynamodb");
        VpcEndpoint proxy = endpoints.get("weka-proxy-endpoint");
        assertThat(proxy.serviceName()).isEqualTo("com.amazonaws.vpce.us-east-1.vpce-svc-0a99896cec98e7f63");
        SecurityGroup proxyGroup = groups(context).get("weka-endpoint-sg");
        assertThat(tags(proxyGroup.tags())).containsEntry("Name", "weka-proxy-vpc-endpoint-sg");
        assertThat(proxy.groups()).extracting(g -> g.groupId()).containsExactly(proxyGroup.groupId());
        assertThat(rules(context, proxyGroup)).containsExactlyInAnyOrder("ingress tcp 1080 0.0.0.0/0",
                "egress -1 0.0.0.0/0");
        String shared = groups(context).get("weka-ec2-vpc-endpoint-sg").groupId();
        assertThat(List.of(endpoints.get("weka-ec2-endpoint"), endpoints.get("weka-autoscaling-endpoint")))
                .allSatisfy(e -> assertThat(e.groups()).extracting(g -> g.groupId()).containsExactly(shared));

        Map<String, Double> before = TestClusters.mutatingCalls(metrics);
        ClusterContext again = converge(context.cluster());
        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(again.changes()).isEmpty();
    }

    @Test
    void turningOneOffRemovesOnlyIt() {
        WekaCluster cluster = cluster("{ec2: true, lambda: true, s3Gateway: true}");
        converge(cluster);

        WekaCluster lambdaOff = LoadBalancerFixture.edit(cluster, c -> c.getSpec().network.endpoints.lambda = false);
        ClusterContext second = converge(lambdaOff);
        assertThat(endpoints(second)).containsOnlyKeys("weka-ec2-endpoint", "weka-s3-gateway-endpoint",
                "weka-secretmanager-endpoint");
        assertThat(groups(second)).containsOnlyKeys("weka-ec2-vpc-endpoint-sg");
        assertThat(second.changes()).extracting(c -> c.action() + " " + c.name())
                .containsExactly("Deleted weka-lambda-endpoint");

        WekaCluster allOff = LoadBalancerFixture.edit(lambdaOff, c -> {
            c.getSpec().network.endpoints.ec2 = false;
            c.getSpec().network.endpoints.s3Gateway = false;
            c.getSpec().network.endpoints.secretsManager = false;
        });
        ClusterContext third = converge(allOff);
        assertThat(endpoints(third)).isEmpty();
        assertThat(groups(third)).isEmpty();
        assertThat(third.aws().ec2().describeSecurityGroups(r -> r.groupIds(network.securityGroup)).securityGroups())
                .hasSize(1);
    }

    @Test
    void anEndpointAlreadyServingTheVpcIsUsedAndNoneCreated() {
        try (var session = aws.session(LocalAws.REGION, "default", aws::defaultCredentials)) {
            session.ec2().createVpcEndpoint(r -> r.vpcId(network.vpcId).vpcEndpointType("Interface")
                    .serviceName("com.amazonaws.us-east-1.secretsmanager").subnetIds(network.clusterSubnet)
                    .securityGroupIds(network.securityGroup).privateDnsEnabled(true));
        }

        ClusterContext context = converge(cluster("{}"));

        assertThat(endpoints(context)).isEmpty();
        assertThat(context.changes()).isEmpty();
        assertThat(context.aws().ec2().describeVpcEndpoints().vpcEndpoints()).hasSize(1);
    }

    @Test
    void aDeletedEndpointIsCreatedAgainAndDeletionLeavesNothing() {
        WekaCluster cluster = cluster("{ec2: true, wekaProxy: true}");
        ClusterContext first = converge(cluster);
        first.aws().ec2().deleteVpcEndpoints(r -> r.vpcEndpointIds(endpoints(first).get("weka-ec2-endpoint")
                .vpcEndpointId()));

        ClusterContext second = converge(cluster);
        assertThat(endpoints(second)).containsKey("weka-ec2-endpoint");
        assertThat(second.changes()).extracting(c -> c.action() + " " + c.name())
                .containsExactly("Created weka-ec2-endpoint");

        ConvergenceGraph.Result result = graph().delete(TestClusters.context(cluster, aws), Runnable::run);
        assertThat(result.converged()).as(result.toString()).isTrue();
        assertThat(endpoints(second)).isEmpty();
        assertThat(groups(second)).isEmpty();
    }

    /** This cluster's live endpoints by Name tag. */
    private static Map<String, VpcEndpoint> endpoints(ClusterContext context) {
        return context.aws().ec2().describeVpcEndpoints(r -> r.filters(f -> f.name("tag:weka.io/cluster-uid")
                .values(context.cluster().getMetadata().getUid()))).vpcEndpoints().stream()
                .filter(e -> !"deleted".equalsIgnoreCase(e.stateAsString()))
                .collect(Collectors.toMap(e -> tags(e).get("Name"), e -> e));
    }

    private Map<String, SecurityGroup> groups(ClusterContext context) {
        return context.aws().ec2().describeSecurityGroups(r -> r.filters(f -> f.name("vpc-id").values(network.vpcId)))
                .securityGroups().stream().filter(g -> !g.groupName().equals("default"))
                .collect(Collectors.toMap(SecurityGroup::groupName, g -> g));
    }

    private static List<String> rules(ClusterContext context, SecurityGroup group) {
        return context.aws().ec2().describeSecurityGroupRules(r -> r.filters(f -> f.name("group-id")
                .values(group.groupId()))).securityGroupRules().stream().map(VpcEndpointResourcesTest::rule).toList();
    }

    private static String rule(SecurityGroupRule rule) {
        String ports = "-1".equals(rule.ipProtocol()) ? "" : " " + rule.fromPort();
        return (rule.isEgress() ? "egress " : "ingress ") + rule.ipProtocol() + ports + " " + rule.cidrIpv4();
    }

    private static Map<String, String> tags(VpcEndpoint endpoint) {
        return tags(endpoint.tags());
    }

    private static Map<String, String> tags(List<software.amazon.awssdk.services.ec2.model.Tag> tags) {
        return tags.stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()));
    }
}
