package io.weka.aws.operator.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.weka.aws.operator.testenv.AppliedClusters;
import io.weka.aws.operator.testenv.ExposedMetrics;
import io.weka.aws.operator.testenv.LocalKubernetes;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged application ({@code java -jar target/quarkus-app/quarkus-run.jar}, prod profile) as a developer
 * starts it by hand: a kubeconfig whose context names no namespace (what kind and {@code aws eks update-kubeconfig}
 * write), no POD_NAMESPACE. It must keep running without leader election, reconcile, and serve on /q/metrics what
 * the chart's dashboard and alerts query, JOSDK's reconcile metrics included.
 */
class OperatorJarIT {
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Path LOG = Path.of("target", "operator-jar-it.log");
    private static Process operator;
    private static int port;

    @BeforeAll
    static void startTheJarOutsideAPod() throws Exception {
        assertThat(JAR).as("built by `mvn package`").exists();
        String kubeconfig = Files.readString(LocalKubernetes.kubeconfig()).replaceAll("(?m)^\\s+namespace: .*\\n", "");
        assertThat(Config.fromKubeconfig(kubeconfig).getNamespace()).as("the context names no namespace").isNull();
        Path file = Files.writeString(Files.createTempFile("kubeconfig-without-namespace", ".yaml"), kubeconfig);
        file.toFile().deleteOnExit();
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()).redirectErrorStream(true).redirectOutput(LOG.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeAll(List.of("POD_NAMESPACE", "KUBERNETES_NAMESPACE"));
        env.put("KUBECONFIG", file.toString());
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        operator = builder.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (operator != null) {
            operator.destroy();
            assertThat(operator.waitFor(30, TimeUnit.SECONDS)).as("the operator stopped").isTrue();
        }
    }

    @Test
    void withoutANamespaceAnywhereItRunsWithoutLeaderElectionAndServesTheChartsMetrics() throws IOException {
        await("the controller started").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(operator.isAlive()).as("still running; log:%n%s", log()).isTrue();
                    assertThat(log()).contains("'wekacluster' controller started");
                });
        assertThat(log()).contains("WARN").contains("leader election is off: POD_NAMESPACE is not set and the "
                + "kubeconfig's context names no namespace");

        // A cluster whose token Secret is missing fails before any AWS call: a reconcile without an AWS emulator.
        String namespace = LocalKubernetes.newNamespace("jar");
        var cluster = AppliedClusters.applyYaml(namespace, """
                apiVersion: aws.weka.io/v1alpha1
                kind: WekaCluster
                metadata: {name: tokenless}
                spec:
                  region: us-east-1
                  weka: {version: "4.4.10", tokenSecretRef: {name: absent}}
                """);
        await("the cluster's status and the reconcile metrics").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
                    assertThat(cluster.get().getStatus().phase.name()).isEqualTo("Failed");
                    String scrape = scrape();
                    assertThat(scrape).contains("weka_cluster_phase{name=\"tokenless\",namespace=\"" + namespace
                            + "\",phase=\"Failed\"} 1.0")
                            .containsPattern("reconciliations_started_total[{]controller_name=\"wekacluster\"} [1-9]")
                            .contains("# TYPE reconciliations_execution_duration_seconds histogram");
                    assertThat(ExposedMetrics.scraped(scrape)).as("the listed series the application serves already")
                            .containsAll(ExposedMetrics.listed().stream().filter(m -> !m.startsWith("weka_aws_"))
                                    .toList());
                });
        assertThat(operator.isAlive()).isTrue();
    }

    private static String scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static String log() throws IOException {
        return Files.readString(LOG, StandardCharsets.UTF_8);
    }
}
