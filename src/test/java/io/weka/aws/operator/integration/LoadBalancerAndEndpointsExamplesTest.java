package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.dsl.Resource;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.resources.acm.SelfSignedCertificate;
import io.weka.aws.operator.testenv.AppliedClusters;
import io.weka.aws.operator.testenv.InProcessOperator;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.WekaReleaseBucket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * examples/alb-route53.yaml and examples/private-network-nat.yaml applied to the real API server and converged by
 * the operator in the emulator. The emulator has no hosted zone or certificate of the example's ids, so the test
 * makes both first and puts their ids into the manifest.
 */
class LoadBalancerAndEndpointsExamplesTest {
    private static InProcessOperator operator;
    private String namespace;

    @BeforeAll
    static void startOperator() {
        LocalKubernetes.client();
        operator = InProcessOperator.start();
    }

    @AfterAll
    static void stopOperator() {
        operator.close();
    }

    @BeforeEach
    void emptyAccountWithWekasReleaseBucket() {
        LocalAws.reset();
        WekaReleaseBucket.seed();
        namespace = LocalKubernetes.newNamespace("examples");
    }

    @Test
    void theRoute53ExampleServesTheUiUnderItsAliasWithTheGivenCertificate() throws IOException {
        String zone;
        String certificate;
        try (Route53Client route53 = Route53Client.builder().region(Region.AWS_GLOBAL).build();
                AcmClient acm = AcmClient.builder().region(Region.US_EAST_1).build()) {
            zone = route53.createHostedZone(r -> r.name("analytics.example.internal").callerReference(namespace))
                    .hostedZone().id().replace("/hostedzone/", "");
            SelfSignedCertificate own = SelfSignedCertificate.generate("weka.analytics.example.internal", "Example",
                    Instant.now());
            certificate = acm.importCertificate(r -> r.certificate(SdkBytes.fromUtf8String(own.certificatePem()))
                    .privateKey(SdkBytes.fromUtf8String(own.privateKeyPem()))).certificateArn();
        }
        String yaml = Files.readString(Path.of("examples", "alb-route53.yaml"))
                .replace("Z0123456789ABCDEFGHIJ", zone)
                .replaceAll("arn:aws:acm:us-east-1:111122223333:certificate/[0-9a-f-]+", certificate);
        Resource<WekaCluster> cluster = AppliedClusters.applyYaml(namespace, yaml);

        WekaCluster ready = AppliedClusters.awaitInfrastructureReady(cluster);

        assertThat(ready.getStatus().outputs.albDnsName).isEqualTo("weka.analytics.example.internal");
        try (ElasticLoadBalancingV2Client elb = ElasticLoadBalancingV2Client.builder().region(Region.US_EAST_1).build();
                Route53Client route53 = Route53Client.builder().region(Region.AWS_GLOBAL).build();
                AutoScalingClient autoScaling = AutoScalingClient.builder().region(Region.US_EAST_1).build();
                SecretsManagerClient secrets = SecretsManagerClient.builder().region(Region.US_EAST_1).build()) {
            LoadBalancer balancer = elb.describeLoadBalancers(r -> r.names("weka-weka-analytics-lb")).loadBalancers()
                    .get(0);
            assertThat(ready.getStatus().outputs.albArn).isEqualTo(balancer.loadBalancerArn());
            assertThat(elb.describeListeners(r -> r.loadBalancerArn(balancer.loadBalancerArn())).listeners())
                    .hasSize(2).allSatisfy(l -> assertThat(l.certificates()).extracting(c -> c.certificateArn())
                            .containsExactly(certificate));
            ResourceRecordSet record = route53.listResourceRecordSets(r -> r.hostedZoneId(zone)).resourceRecordSets()
                    .stream().filter(s -> s.name().equals("weka.analytics.example.internal.")).findFirst().orElseThrow();
            assertThat(record.aliasTarget().dnsName()).isEqualTo(balancer.dnsName());
            String targetGroup = elb.describeTargetGroups(r -> r.loadBalancerArn(balancer.loadBalancerArn()))
                    .targetGroups().get(0).targetGroupArn();
            assertThat(autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(
                    "weka-weka-analytics-autoscaling-group")).autoScalingGroups().get(0).targetGroupARNs())
                    .containsExactly(targetGroup);
            assertThat(secrets.listSecrets().secretList()).extracting(s -> s.name())
                    .noneMatch(n -> n.contains("self-signed-cert-pem"));
        }
        assertThat(ready.getStatus().outputs.certificateSecretId).isNull();
    }

    @Test
    void thePrivateNatExampleGetsItsGatewayAndSecretsManagerEndpoints() throws IOException {
        Resource<WekaCluster> cluster = AppliedClusters.applyYaml(namespace,
                Files.readString(Path.of("examples", "private-network-nat.yaml")));

        WekaCluster ready = AppliedClusters.awaitInfrastructureReady(cluster);

        String subnet = ready.getStatus().outputs.subnetIds.get(0);
        try (Ec2Client ec2 = Ec2Client.builder().region(Region.US_EAST_1).build()) {
            String routes = ec2.describeRouteTables(r -> r.filters(f -> f.name("association.subnet-id").values(subnet)))
                    .routeTables().get(0).routeTableId();
            List<VpcEndpoint> endpoints = ec2.describeVpcEndpoints(r -> r.filters(f -> f.name("vpc-id")
                    .values(ready.getStatus().outputs.vpcId))).vpcEndpoints();
            assertThat(endpoints).extracting(VpcEndpoint::serviceName).containsExactlyInAnyOrder(
                    "com.amazonaws.us-east-1.s3", "com.amazonaws.us-east-1.dynamodb",
                    "com.amazonaws.us-east-1.secretsmanager");
            assertThat(endpoints).filteredOn(e -> e.vpcEndpointTypeAsString().equals("Gateway"))
                    .allSatisfy(e -> assertThat(e.routeTableIds()).containsExactly(routes));
            assertThat(endpoints).filteredOn(e -> e.vpcEndpointTypeAsString().equals("Interface")).singleElement()
                    .satisfies(e -> {
                        assertThat(e.subnetIds()).containsExactly(subnet);
                        assertThat(e.groups()).extracting(g -> g.groupId())
                                .containsExactlyElementsOf(ready.getStatus().outputs.securityGroupIds);
                    });
        }
        assertThat(ready.getStatus().outputs.albDnsName).endsWith(".elb.amazonaws.com");
    }
}
