package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.dsl.Resource;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.status.Phase;
import io.weka.aws.operator.aws.AwsApiCallMetrics;
import io.weka.aws.operator.testenv.AppliedClusters;
import io.weka.aws.operator.testenv.AwsLeftovers;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.TestClusters;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

/**
 * What the tutorial asks people to check by hand before their first apply (vCPU quotas, instance types offered in
 * the zone, the load balancer's two zones, the functions' code) is checked by the operator before it creates
 * anything, and said in one condition with the numbers.
 */
class PreflightTest extends OperatorScenario {
    private static final String STANDARD = "L-1216C47A";

    PreflightTest() {
        super("preflight");
    }

    @AfterEach
    void defaultQuota() {
        LocalAws.setVcpuQuota(STANDARD, null);
    }

    @Test
    void aSpecOverItsVcpuQuotaCreatesNothingUntilTheQuotaIsRaised() {
        LocalAws.setVcpuQuota(STANDARD, 128);
        Map<String, Double> mutatingBefore = TestClusters.mutatingCalls(operator.metrics());
        Resource<WekaCluster> cluster = apply("big", """
                backends: {count: 10, instanceType: i3en.6xlarge}
                """);

        String refusal = "needs 240 vCPU for 10 x i3en.6xlarge (Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) "
                + "instances, quota L-1216C47A: 128)";
        awaitStatus(cluster, "refused by the preflight", s -> {
            assertThat(s.phase).isEqualTo(Phase.Failed);
            assertThat(condition(s, "PreflightPassed")).satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("VcpuQuotaExceeded");
                assertThat(c.getMessage()).isEqualTo(refusal);
            });
            assertThat(condition(s, "Synced").getReason()).isEqualTo("VcpuQuotaExceeded");
            assertThat(condition(s, "Ready").getReason()).as("the REASON column").isEqualTo("VcpuQuotaExceeded");
        });
        touchAndAwaitReconcile(cluster);
        assertThat(TestClusters.mutatingCalls(operator.metrics())).as("only reads while refused").isEqualTo(mutatingBefore);
        assertThat(AwsLeftovers.of(cluster.get())).isEmpty();

        LocalAws.setVcpuQuota(STANDARD, 256);
        touchAndAwaitReconcile(cluster);
        awaitStatus(cluster, "created once the quota fits", s -> {
            assertThat(condition(s, "PreflightPassed")).satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getReason()).isEqualTo("ChecksPassed");
                assertThat(c.getMessage()).contains("240 of 256 vCPU for 10 x i3en.6xlarge (quota L-1216C47A)",
                        "i3en.6xlarge offered in us-east-1a", "load balancer in us-east-1a and us-east-1b",
                        "the functions' code s3://weka-tf-aws-releases-us-east-1/release/");
            });
            assertThat(condition(s, "InfrastructureReady").getStatus()).isEqualTo("True");
        });

        double quotaReads = calls("GetServiceQuota");
        touchAndAwaitReconcile(cluster);
        assertThat(calls("GetServiceQuota")).as("checked once for an unchanged spec").isEqualTo(quotaReads);

        cluster.edit(c -> {
            c.getSpec().backends.count = 11;
            return c;
        });
        awaitStatus(cluster, "a scale-up over the quota refused", s -> assertThat(condition(s, "PreflightPassed"))
                .satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getMessage()).startsWith("needs 264 vCPU for 11 x i3en.6xlarge (");
                }));
        Map<String, Double> mutatingWhenRefused = TestClusters.mutatingCalls(operator.metrics());
        touchAndAwaitReconcile(cluster);
        assertThat(TestClusters.mutatingCalls(operator.metrics())).isEqualTo(mutatingWhenRefused);
        try (AutoScalingClient autoScaling = AutoScalingClient.create()) {
            assertThat(autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(
                    cluster.get().getStatus().outputs.asgName)).autoScalingGroups()).singleElement()
                    .satisfies(g -> assertThat(g.desiredCapacity()).as("the group keeps its count").isEqualTo(10));
        }
    }

    @Test
    void anInstanceTypeNotOfferedInTheSubnetsZoneIsRefused() {
        Map<String, Double> mutatingBefore = TestClusters.mutatingCalls(operator.metrics());
        Resource<WekaCluster> cluster = apply("zone-e", """
                network: {create: {availabilityZone: us-east-1e}}
                """);

        awaitStatus(cluster, "refused by the preflight", s -> assertThat(condition(s, "PreflightPassed")).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("InstanceTypeNotOffered");
            assertThat(c.getMessage()).isEqualTo("backends.instanceType i3en.2xlarge is not offered in us-east-1e, the "
                    + "zone of its subnet (it is in us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1f)");
        }));
        touchAndAwaitReconcile(cluster);
        assertThat(TestClusters.mutatingCalls(operator.metrics())).isEqualTo(mutatingBefore);
        assertThat(AwsLeftovers.of(cluster.get())).isEmpty();
    }

    @Test
    void everyFailedCheckIsSaidInTheOneCondition() {
        Resource<WekaCluster> cluster = apply("two-faults", """
                network: {create: {availabilityZone: us-east-1a}}
                loadBalancer: {additionalSubnetAvailabilityZone: us-east-1a}
                lambdas: {s3Key: release/absent.zip}
                """);

        awaitStatus(cluster, "refused by the preflight", s -> assertThat(condition(s, "PreflightPassed")).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("PreflightFailed");
            assertThat(c.getMessage()).isEqualTo("the load balancer's two subnets would both be in us-east-1a; an "
                    + "application load balancer needs a second zone: set loadBalancer.additionalSubnetAvailabilityZone "
                    + "to another zone; the functions' code s3://weka-tf-aws-releases-us-east-1/release/absent.zip does "
                    + "not exist (lambdas.s3Bucket, lambdas.s3Key, lambdas.version)");
        }));
        assertThat(AwsLeftovers.of(cluster.get())).isEmpty();
    }

    private Resource<WekaCluster> apply(String name, String spec) {
        return AppliedClusters.applyYaml(namespace, """
                apiVersion: v1
                kind: Secret
                metadata: {name: get-weka-io}
                stringData: {token: not-a-real-token}
                ---
                apiVersion: aws.weka.io/v1alpha1
                kind: WekaCluster
                metadata: {name: %s, annotations: {}}
                spec:
                  region: us-east-1
                  weka: {version: "4.4.10", tokenSecretRef: {name: get-weka-io}}
                %s""".formatted(name, spec.indent(2)));
    }

    /** A change of metadata only: one more reconcile, without waiting for the 30 s retry. */
    private void touchAndAwaitReconcile(Resource<WekaCluster> cluster) {
        int reconciles = operator.reconciles(namespace, cluster.get().getMetadata().getName());
        cluster.edit(c -> {
            c.getMetadata().getAnnotations().put("example.com/touched", Long.toString(System.nanoTime()));
            return c;
        });
        await("a reconcile after the touch").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> operator.reconciles(namespace, cluster.get().getMetadata().getName()) > reconciles);
    }

    private double calls(String operation) {
        return operator.metrics().find(AwsApiCallMetrics.METRIC).tag("operation", operation).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }
}
