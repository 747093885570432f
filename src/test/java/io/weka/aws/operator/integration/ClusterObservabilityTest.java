package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.dsl.Resource;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.status.Phase;
import io.weka.aws.operator.testenv.AppliedClusters;
import io.weka.aws.operator.testenv.CapturedLog;
import io.weka.aws.operator.testenv.ExposedMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 6: the cluster's name on every line the operator logs for it, and its phase as a Prometheus gauge. Issue 14:
 * JOSDK's reconcile metrics and the AWS call latency next to them, the names the chart's queries may use.
 */
class ClusterObservabilityTest extends OperatorScenario {

    ClusterObservabilityTest() {
        super("observe");
    }

    @Test
    void everyLineOurCodeLogsDuringAReconcileNamesTheCluster() {
        List<CapturedLog.Line> lines;
        try (CapturedLog log = CapturedLog.of("io.weka.aws.operator")) {
            lines = log.lines();
            AppliedClusters.apply(namespace, Path.of("examples", "minimal.yaml"));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> lines.stream()
                    .anyMatch(l -> l.thread().startsWith("aws-convergence-") && l.message().contains("created")));
        }

        // Clusters that earlier tests left behind may be reconciled meanwhile: their lines must name them.
        assertThat(lines).as("what reconciles logged").allSatisfy(l -> {
            assertThat(l.namespace()).as(l.toString()).isNotBlank();
            assertThat(l.name()).as(l.toString()).isNotBlank();
            if (l.message().contains(namespace + "/")) {
                assertThat(l.namespace()).as(l.toString()).isEqualTo(namespace);
                assertThat(l.name()).as(l.toString()).isEqualTo("poc");
            }
        });
    }

    @Test
    void thePhaseGaugeFollowsTheStatusAndGoesAwayWithTheCluster() throws IOException {
        // Retain: the series must go with the WekaCluster, which then need not wait for AWS to be emptied.
        Resource<WekaCluster> cluster = AppliedClusters.applyYaml(namespace, Files.readString(Path.of("examples",
                "minimal.yaml")).replace("  region: us-east-1", "  region: us-east-1\n  deletionPolicy: Retain"));
        String series = "weka_cluster_phase{name=\"poc\",namespace=\"" + namespace + "\",phase=\"%s\",}";
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() -> {
            Phase current = cluster.get().getStatus().phase;
            assertThat(operator.scrape()).contains("# TYPE weka_cluster_phase gauge")
                    .contains(series.formatted(current) + " 1.0")
                    .contains(Arrays.stream(Phase.values()).filter(p -> p != current)
                            .map(p -> series.formatted(p) + " 0.0").toList());
        });

        cluster.delete();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(cluster.get()).isNull();
            assertThat(operator.scrape()).doesNotContain("namespace=\"" + namespace + "\"");
        });
    }

    @Test
    void reconcileMetricsAndAwsCallLatencyAreScrapedNextToOursUnderTheNamesTheChartMayQuery() {
        AppliedClusters.apply(namespace, Path.of("examples", "minimal.yaml"));

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String scrape = operator.scrape();
            assertThat(scrape).contains("# TYPE reconciliations_execution_duration_seconds histogram")
                    .contains("# TYPE weka_aws_api_call_duration_seconds histogram")
                    .containsPattern("reconciliations_started_total[{]controller_name=\"wekacluster\",} [1-9]")
                    .contains("reconciliations_queue{controller_name=\"wekacluster\",}")
                    .containsPattern("weka_aws_api_call_duration_seconds_count[{]operation=\"CreateAutoScalingGroup\","
                            + "service=\"AutoScaling\",} [1-9]");
            assertThat(ExposedMetrics.scraped(scrape)).as("src/test/resources/metrics/exposed.txt")
                    .containsAll(ExposedMetrics.listed());
        });
    }
}
