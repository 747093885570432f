package io.weka.aws.operator.integration.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsApiCallMetrics;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.ConvergenceGraph;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.ResourceConflictException;
import io.weka.aws.operator.resources.acm.SelfSignedCertificate;
import io.weka.aws.operator.resources.elb.LoadBalancerResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

class LoadBalancerResourcesTest {
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private LoadBalancerFixture fixture;
    private String namespace;

    @BeforeEach
    void emptyAccount() {
        LocalAws.reset();
        namespace = LocalKubernetes.newNamespace("alb");
        try (var session = aws.session(LocalAws.REGION, "default", aws::defaultCredentials)) {
            LocalAws.endpoint();
            fixture = new LoadBalancerFixture(session.ec2());
        }
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void createsTheModulesInternalLoadBalancerTargetGroupListenersAndCertificate() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", fixture.spec(""));
        ClusterContext context = fixture.converge(cluster, aws);
        ElasticLoadBalancingV2Client elb = context.aws().elb();

        LoadBalancer balancer = balancer(context);
        assertThat(balancer.schemeAsString()).isEqualTo("internal");
        assertThat(balancer.typeAsString()).isEqualTo("application");
        assertThat(balancer.availabilityZones()).extracting(z -> z.subnetId())
                .containsExactlyInAnyOrder(fixture.clusterSubnet, fixture.additionalSubnet);
        assertThat(balancer.securityGroups()).containsExactly(fixture.securityGroup);
        assertThat(tags(elb, balancer.loadBalancerArn())).containsEntry("Name", "weka-prod-lb")
                .containsEntry("cluster_name", "prod").containsEntry("weka.io/cluster-uid", cluster.getMetadata().getUid());
        assertThat(context.require(Facts.ALB_ARN_SUFFIX)).startsWith("app/weka-prod-lb/")
                .isEqualTo(balancer.loadBalancerArn().replaceAll(".*:loadbalancer/", ""));
        assertThat(LoadBalancerResource.publishedDnsName(context)).contains(balancer.dnsName());

        TargetGroup group = elb.describeTargetGroups(r -> r.names("weka-prod-lb-target-group")).targetGroups().get(0);
        assertThat(List.of(group.protocolAsString(), group.port(), group.vpcId())).containsExactly("HTTPS", 14000,
                fixture.vpcId);
        assertThat(List.of(group.healthCheckProtocolAsString(), group.healthCheckPort(), group.healthCheckPath()))
                .containsExactly("HTTPS", "14000", "/api/v2/healthcheck/");
        assertThat(List.of(group.healthyThresholdCount(), group.unhealthyThresholdCount(),
                group.healthCheckTimeoutSeconds(), group.healthCheckIntervalSeconds())).containsExactly(2, 2, 3, 30);
        assertThat(context.require(Facts.TARGET_GROUP_ARN)).isEqualTo(group.targetGroupArn());

        String certificate = context.require(Facts.CERTIFICATE_ARN);
        assertThat(listeners(context)).extracting(Listener::port).containsExactlyInAnyOrder(443, 14000);
        assertThat(listeners(context)).allSatisfy(l -> {
            assertThat(l.protocolAsString()).isEqualTo("HTTPS");
            assertThat(l.sslPolicy()).isEqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06");
            assertThat(l.certificates()).extracting(c -> c.certificateArn()).containsExactly(certificate);
            assertThat(l.defaultActions()).extracting(a -> a.typeAsString(), a -> a.targetGroupArn())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("forward", group.targetGroupArn()));
        });

        AcmClient acm = context.aws().acm();
        CertificateDetail detail = acm.describeCertificate(r -> r.certificateArn(certificate)).certificate();
        assertThat(detail.domainName()).isEqualTo("*.us-east-1.elb.amazonaws.com");
        assertThat(detail.typeAsString()).isEqualTo("IMPORTED");
        assertThat(Duration.between(detail.notBefore(), detail.notAfter())).isEqualTo(Duration.ofHours(8760));
        String secretId = context.require(Facts.CERTIFICATE_SECRET_ID);
        assertThat(secretId).contains(":secret:weka/weka-prod/self-signed-cert-pem-");
        assertThat(context.aws().secretsManager().getSecretValue(r -> r.secretId(secretId)).secretString())
                .as("the certificate's PEM, as the module stores it").isEqualTo(
                        acm.getCertificate(r -> r.certificateArn(certificate)).certificate())
                .doesNotContain("PRIVATE KEY");
        assertThat(context.changes()).extracting(ClusterContext.Change::kind).containsExactlyInAnyOrder("Certificate",
                "SecretsManagerSecret", "LoadBalancer", "TargetGroup", "Listener", "Listener");
    }

    @Test
    void aSecondConvergeMakesNoMutatingCall() {
        ClusterContext first = convergedProd();
        WekaCluster cluster = first.cluster();
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);
        double certificateReads = calls("GetCertificate");

        ClusterContext second = fixture.converge(cluster, aws);

        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(second.changes()).isEmpty();
        assertThat(calls("GetCertificate")).as("no clients: nobody needs the PEM").isEqualTo(certificateReads);
        assertThat(second.find(Facts.CERTIFICATE_PEM)).isEmpty();
        assertThat(second.require(Facts.CERTIFICATE_ARN)).isEqualTo(first.require(Facts.CERTIFICATE_ARN));
        assertThat(second.require(Facts.ALB_ARN)).isEqualTo(first.require(Facts.ALB_ARN));
    }

    private double calls(String operation) {
        return metrics.find(AwsApiCallMetrics.METRIC).tag("operation", operation).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    @Test
    void driftIsSetBack() {
        ClusterContext first = convergedProd();
        WekaCluster cluster = first.cluster();
        ElasticLoadBalancingV2Client elb = first.aws().elb();
        Listener api = listeners(first).stream().filter(l -> l.port() == 14000).findFirst().orElseThrow();
        elb.deleteListener(r -> r.listenerArn(api.listenerArn()));
        elb.modifyTargetGroup(r -> r.targetGroupArn(first.require(Facts.TARGET_GROUP_ARN)).healthCheckPath("/"));
        Listener ui = listeners(first).stream().filter(l -> l.port() == 443).findFirst().orElseThrow();
        elb.modifyListener(r -> r.listenerArn(ui.listenerArn()).sslPolicy("ELBSecurityPolicy-2016-08"));

        ClusterContext second = fixture.converge(cluster, aws);

        assertThat(listeners(second)).extracting(Listener::port).containsExactlyInAnyOrder(443, 14000);
        assertThat(listeners(second)).extracting(Listener::sslPolicy).containsOnly("ELBSecurityPolicy-TLS13-1-2-2021-06");
        assertThat(elb.describeTargetGroups(r -> r.names("weka-prod-lb-target-group")).targetGroups().get(0)
                .healthCheckPath()).isEqualTo("/api/v2/healthcheck/");
        assertThat(second.changes()).extracting(c -> c.action() + " " + c.kind() + " " + c.name())
                .containsExactlyInAnyOrder("Created Listener weka-prod-lb:14000", "Updated Listener weka-prod-lb:443",
                        "Updated TargetGroup weka-prod-lb-target-group");
    }

    @Test
    void aLoadBalancerOfAnotherClusterIsNotTakenOver() {
        WekaCluster other = TestClusters.stored(LocalKubernetes.newNamespace("other"), "prod", fixture.spec(""));
        fixture.converge(other, aws);
        WekaCluster cluster = TestClusters.stored(namespace, "prod", fixture.spec(""));

        assertThatThrownBy(() -> fixture.converge(cluster, aws)).isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining("belongs to other-");
    }

    @Test
    void aCertificateNearItsEndIsRenewedInPlace() {
        ClusterContext first = convergedProd();
        WekaCluster cluster = first.cluster();
        String arn = first.require(Facts.CERTIFICATE_ARN);
        SelfSignedCertificate ending = importCertificate(first, arn, "*.us-east-1.elb.amazonaws.com",
                Instant.now().minus(Duration.ofHours(8760 - 100)));

        ClusterContext second = fixture.converge(cluster, aws);

        CertificateDetail renewed = second.aws().acm().describeCertificate(r -> r.certificateArn(arn)).certificate();
        assertThat(renewed.notAfter()).isAfter(Instant.now().plus(Duration.ofDays(360)));
        assertThat(second.require(Facts.CERTIFICATE_ARN)).isEqualTo(arn);
        assertThat(second.aws().secretsManager().getSecretValue(r -> r.secretId(second.require(
                Facts.CERTIFICATE_SECRET_ID))).secretString())
                .isEqualTo(second.aws().acm().getCertificate(r -> r.certificateArn(arn)).certificate())
                .isNotEqualTo(ending.certificatePem());
        assertThat(second.changes()).extracting(c -> c.action() + " " + c.kind()).contains("Updated Certificate",
                "Updated SecretsManagerSecret");
    }

    @Test
    void aCertificateImportedJustBeforeACrashIsAdoptedNotImportedAgain() {
        ClusterContext first = convergedProd();
        WekaCluster cluster = first.cluster();
        String arn = first.require(Facts.CERTIFICATE_ARN);
        // As if the operator had stopped between ImportCertificate and CreateSecret.
        first.aws().secretsManager().deleteSecret(r -> r.secretId(first.require(Facts.CERTIFICATE_SECRET_ID))
                .forceDeleteWithoutRecovery(true));

        ClusterContext second = fixture.converge(cluster, aws);

        assertThat(second.require(Facts.CERTIFICATE_ARN)).isEqualTo(arn);
        assertThat(second.aws().acm().listCertificates().certificateSummaryList()).hasSize(1);
        assertThat(second.aws().secretsManager().getSecretValue(r -> r.secretId(second.require(
                Facts.CERTIFICATE_SECRET_ID))).secretString())
                .isEqualTo(second.aws().acm().getCertificate(r -> r.certificateArn(arn)).certificate());
        assertThat(second.changes()).extracting(c -> c.action() + " " + c.kind())
                .containsExactly("Created SecretsManagerSecret");
    }

    @Test
    void aCertificateTheSpecBringsIsUsedAndTheGeneratedOneRemoved() {
        ClusterContext first = convergedProd();
        WekaCluster cluster = first.cluster();
        String generated = first.require(Facts.CERTIFICATE_ARN);
        importCertificate(first, null, "weka.example.internal", Instant.now());
        String ownArn = first.aws().acm().listCertificates().certificateSummaryList().stream()
                .filter(c -> c.domainName().equals("weka.example.internal")).findFirst().orElseThrow().certificateArn();

        WekaCluster edited = LoadBalancerFixture.edit(cluster, c -> c.getSpec().loadBalancer.certificateArn = ownArn);
        ClusterContext second = fixture.converge(edited, aws);

        assertThat(listeners(second)).allSatisfy(l -> assertThat(l.certificates()).extracting(c -> c.certificateArn())
                .containsExactly(ownArn));
        assertThat(second.aws().acm().listCertificates().certificateSummaryList()).extracting(c -> c.certificateArn())
                .containsExactly(ownArn).doesNotContain(generated);
        assertThat(secrets(second)).isEmpty();
        assertThat(second.find(Facts.CERTIFICATE_SECRET_ID)).isEmpty();
    }

    @Test
    void turningTheLoadBalancerOffRemovesWhatItCreatedAndNothingElse() {
        ClusterContext first = convergedProd();
        WekaCluster cluster = first.cluster();
        importCertificate(first, null, "other.example", Instant.now());

        WekaCluster off = LoadBalancerFixture.edit(cluster, c -> {
            c.getSpec().loadBalancer.enabled = false;
            c.getSpec().loadBalancer.additionalSubnetId = null;
        });
        ClusterContext second = fixture.converge(off, aws);

        assertThat(second.aws().elb().describeLoadBalancers().loadBalancers()).isEmpty();
        assertThat(second.aws().elb().describeTargetGroups().targetGroups()).isEmpty();
        assertThat(second.aws().acm().listCertificates().certificateSummaryList()).extracting(c -> c.domainName())
                .containsExactly("other.example");
        assertThat(secrets(second)).isEmpty();
        assertThat(second.aws().ec2().describeSubnets(r -> r.subnetIds(fixture.clusterSubnet, fixture.additionalSubnet))
                .subnets()).hasSize(2);
        assertThat(second.changes()).extracting(c -> c.action()).containsOnly("Deleted");
        assertThat(second.find(Facts.ALB_ARN)).isEmpty();
        assertThat(LoadBalancerResource.publishedDnsName(second)).isEmpty();
    }

    @Test
    void deletionLeavesNothingOfTheLoadBalancer() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", fixture.spec(""));
        fixture.converge(cluster, aws);
        ClusterContext context = TestClusters.context(cluster, aws);

        ConvergenceGraph.Result result = LoadBalancerFixture.graph().delete(context, Runnable::run);
        ConvergenceGraph.Result again = LoadBalancerFixture.graph().delete(TestClusters.context(cluster, aws),
                Runnable::run);

        assertThat(result.converged()).as(result.toString()).isTrue();
        assertThat(again.converged()).isTrue();
        assertThat(context.aws().elb().describeLoadBalancers().loadBalancers()).isEmpty();
        assertThat(context.aws().elb().describeTargetGroups().targetGroups()).isEmpty();
        assertThat(context.aws().acm().listCertificates().certificateSummaryList()).isEmpty();
        assertThat(secrets(context)).isEmpty();
    }

    /** The cluster "prod" of the fixture's spec, converged once. */
    private ClusterContext convergedProd() {
        return fixture.converge(TestClusters.stored(namespace, "prod", fixture.spec("")), aws);
    }

    /** A certificate imported into ACM as a user would (into {@code arn} when given: a re-import). */
    private static SelfSignedCertificate importCertificate(ClusterContext context, String arn, String commonName,
            Instant notBefore) {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(commonName, "Someone", notBefore);
        context.aws().acm().importCertificate(r -> r.certificateArn(arn)
                .certificate(SdkBytes.fromUtf8String(certificate.certificatePem()))
                .privateKey(SdkBytes.fromUtf8String(certificate.privateKeyPem())));
        return certificate;
    }

    private static LoadBalancer balancer(ClusterContext context) {
        return context.aws().elb().describeLoadBalancers(r -> r.names("weka-prod-lb")).loadBalancers().get(0);
    }

    private static List<Listener> listeners(ClusterContext context) {
        return context.aws().elb().describeListeners(r -> r.loadBalancerArn(balancer(context).loadBalancerArn()))
                .listeners();
    }

    private static List<SecretListEntry> secrets(ClusterContext context) {
        return context.aws().secretsManager().listSecrets().secretList();
    }

    private static Map<String, String> tags(ElasticLoadBalancingV2Client elb, String arn) {
        return elb.describeTags(r -> r.resourceArns(arn)).tagDescriptions().get(0).tags().stream()
                .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
    }
}
