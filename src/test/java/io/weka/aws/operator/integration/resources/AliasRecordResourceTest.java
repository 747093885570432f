package io.weka.aws.operator.integration.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.ConvergenceGraph;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.ResourceConflictException;
import io.weka.aws.operator.resources.elb.LoadBalancerResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

class AliasRecordResourceTest {
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private LoadBalancerFixture fixture;
    private String namespace;
    private String zone;

    @BeforeEach
    void emptyAccountWithAPrivateZone() {
        LocalAws.reset();
        namespace = LocalKubernetes.newNamespace("r53");
        try (var session = aws.session(LocalAws.REGION, "default", aws::defaultCredentials)) {
            LocalAws.endpoint();
            fixture = new LoadBalancerFixture(session.ec2());
            zone = session.route53().createHostedZone(r -> r.name("example.internal").callerReference(namespace)
                    .hostedZoneConfig(c -> c.privateZone(true)).vpc(v -> v.vpcId(fixture.vpcId).vpcRegion("us-east-1")))
                    .hostedZone().id().replace("/hostedzone/", "");
        }
    }

    @AfterEach
    void close() {
        aws.close();
    }

    private String route53(String alias) {
        return "  route53: {zoneId: %s, aliasName: %s}\n".formatted(zone, alias);
    }

    private WekaCluster cluster(String alias) {
        return cluster(namespace, alias);
    }

    private WekaCluster cluster(String namespace, String alias) {
        return TestClusters.stored(namespace, "prod", fixture.spec("").replace("loadBalancer: {additionalSubnetId: "
                + fixture.additionalSubnet + "}", "loadBalancer:\n  additionalSubnetId: " + fixture.additionalSubnet
                + "\n" + route53(alias)));
    }

    @Test
    void anAliasRecordPointsAtTheLoadBalancerAndIsThePublishedName() {
        ClusterContext context = fixture.converge(cluster("weka.example.internal"), aws);

        ResourceRecordSet record = records(context.aws().route53()).get("weka.example.internal.");
        assertThat(record.type()).isEqualTo(RRType.A);
        assertThat(record.aliasTarget().dnsName()).isEqualTo(context.require(Facts.ALB_AWS_DNS_NAME));
        assertThat(record.aliasTarget().hostedZoneId()).isEqualTo(context.require(Facts.ALB_HOSTED_ZONE_ID));
        assertThat(record.aliasTarget().evaluateTargetHealth()).isFalse();
        assertThat(LoadBalancerResource.publishedDnsName(context)).contains("weka.example.internal");

        Map<String, Double> before = TestClusters.mutatingCalls(metrics);
        ClusterContext again = fixture.converge(context.cluster(), aws);
        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(again.changes()).isEmpty();
    }

    @Test
    void aRenamedAliasReplacesTheOldRecordAndRemovingItDeletesTheRecord() {
        WekaCluster cluster = cluster("weka.example.internal");
        fixture.converge(cluster, aws);

        WekaCluster renamed = LoadBalancerFixture.edit(cluster, c -> c.getSpec().loadBalancer.route53.aliasName =
                "storage.example.internal");
        ClusterContext second = fixture.converge(renamed, aws);
        assertThat(records(second.aws().route53())).containsKey("storage.example.internal.")
                .doesNotContainKey("weka.example.internal.");

        WekaCluster removed = LoadBalancerFixture.edit(renamed, c -> c.getSpec().loadBalancer.route53 = null);
        ClusterContext third = fixture.converge(removed, aws);
        assertThat(records(third.aws().route53())).doesNotContainKey("storage.example.internal.");
        assertThat(third.changes()).extracting(c -> c.action() + " " + c.kind())
                .containsExactly("Deleted Route53Record");
        assertThat(LoadBalancerResource.publishedDnsName(third)).contains(third.require(Facts.ALB_AWS_DNS_NAME));
        assertThat(third.aws().elb().describeLoadBalancers().loadBalancers()).hasSize(1);
    }

    @Test
    void aRecordPointingElsewhereIsNotTakenOver() {
        try (var session = aws.session(LocalAws.REGION, "default", aws::defaultCredentials)) {
            session.route53().changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(c -> c
                    .action(ChangeAction.CREATE).resourceRecordSet(s -> s.name("weka.example.internal").type(RRType.A)
                            .ttl(60L).resourceRecords(v -> v.value("10.1.2.3"))))));
        }

        assertThatThrownBy(() -> fixture.converge(cluster("weka.example.internal"), aws))
                .isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining("does not point at this cluster's load balancer");
    }

    @Test
    void deletionRemovesTheRecordBeforeTheLoadBalancer() {
        WekaCluster cluster = cluster("weka.example.internal");
        fixture.converge(cluster, aws);
        ClusterContext context = TestClusters.context(cluster, aws);

        ConvergenceGraph.Result result = LoadBalancerFixture.graph().delete(context, Runnable::run);

        assertThat(result.converged()).isTrue();
        assertThat(records(context.aws().route53())).doesNotContainKey("weka.example.internal.");
        List<String> order = context.changes().stream().map(c -> c.kind()).toList();
        assertThat(order.indexOf("Route53Record")).isLessThan(order.indexOf("LoadBalancer"));
    }

    @Test
    void deletingANamesakeInAnotherNamespaceLeavesTheFirstClustersRecordAndLoadBalancer() {
        ClusterContext first = fixture.converge(cluster("weka.example.internal"), aws);
        String otherNamespace = LocalKubernetes.newNamespace("r53-other");
        ClusterContext namesakeContext = TestClusters.context(cluster(otherNamespace, "weka.example.internal"), aws);

        assertThat(LoadBalancerFixture.graph().delete(namesakeContext, Runnable::run).converged()).isTrue();

        assertThat(namesakeContext.changes()).as("nothing of the first cluster's").isEmpty();
        assertThat(records(first.aws().route53())).containsKey("weka.example.internal.");
        assertThat(first.aws().elb().describeLoadBalancers().loadBalancers()).hasSize(1);
        assertThat(first.aws().elb().describeListeners(r -> r.loadBalancerArn(first.require(Facts.ALB_ARN)))
                .listeners()).hasSize(2);
        assertThat(first.aws().elb().describeTargetGroups().targetGroups()).hasSize(1);
    }

    private Map<String, ResourceRecordSet> records(Route53Client route53) {
        return route53.listResourceRecordSets(r -> r.hostedZoneId(zone)).resourceRecordSets().stream()
                .filter(s -> s.type() == RRType.A)
                .collect(java.util.stream.Collectors.toMap(ResourceRecordSet::name, s -> s));
    }
}
