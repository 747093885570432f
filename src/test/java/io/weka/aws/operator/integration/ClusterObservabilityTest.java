package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.dsl.Resource;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.status.Phase;
import io.weka.aws.operator.testenv.AppliedClusters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logging.MDC;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** Issue 6: the cluster's name on every line the operator logs for it, and its phase as a Prometheus gauge. */
class ClusterObservabilityTest extends OperatorScenario {

    ClusterObservabilityTest() {
        super("observe");
    }

    /** One line as a handler saw it on the thread that logged it. */
    record Line(String logger, String thread, String namespace, String name, String message) {
    }

    @Test
    void everyLineOurCodeLogsDuringAReconcileNamesTheCluster() {
        List<Line> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLoggerName() != null && record.getLoggerName().startsWith("io.weka.aws.operator")) {
                    lines.add(new Line(record.getLoggerName(), Thread.currentThread().getName(),
                            (String) MDC.get("namespace"), (String) MDC.get("name"),
                            record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            AppliedClusters.apply(namespace, Path.of("examples", "minimal.yaml"));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> lines.stream()
                    .anyMatch(l -> l.thread().startsWith("aws-convergence-") && l.message().contains("created")));
        } finally {
            root.removeHandler(capture);
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
}
