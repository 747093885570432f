package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.status.Phase;
import io.weka.aws.operator.testenv.InProcessOperator;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.WekaReleaseBucket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reconciler's basics on a real API server, with AWS reached through the emulator. */
class ReconcilerBasicsTest {
    private static final String FINALIZER = "wekaclusters.aws.weka.io/finalizer";
    private static InProcessOperator operator;
    private static KubernetesClient client;
    private String namespace;

    @BeforeAll
    static void startOperator() {
        client = LocalKubernetes.client();
        operator = InProcessOperator.start();
    }

    @AfterAll
    static void stopOperator() {
        operator.close();
    }

    @BeforeEach
    void freshNamespaceAndAccount() {
        namespace = operator.freshNamespace("basics");
        WekaReleaseBucket.seed();
    }

    @Test
    void newClusterGetsFinalizerObservedGenerationAndFirstConditions() {
        createTokenSecret();
        Resource<WekaCluster> cluster = create("prod");

        eventually().untilAsserted(() -> {
            WekaCluster current = cluster.get();
            assertThat(current.getMetadata().getFinalizers()).contains(FINALIZER);
            assertThat(current.getStatus().observedGeneration).isEqualTo(1L);
            assertThat(current.getStatus().phase).isIn(Phase.Provisioning, Phase.Clusterizing);
            assertThat(condition(current, "Ready")).hasValueSatisfying(c -> {
                assertThat(c.getStatus()).as("not before WEKA has clusterized").isEqualTo("False");
                assertThat(c.getObservedGeneration()).isEqualTo(1L);
                assertThat(c.getLastTransitionTime()).isNotBlank();
            });
            assertThat(condition(current, "Synced")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
            assertThat(condition(current, "Paused")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
            assertThat(current.getStatus().outputs.awsAccountId).isEqualTo(LocalAws.ACCOUNT_ID);
            assertThat(current.getStatus().backends.summary).as("running instances of 6 before clusterization")
                    .matches("[0-6]/6");
        });
    }

    @Test
    void missingTokenSecretIsAConditionNotACrash() {
        Resource<WekaCluster> cluster = create("no-token");

        eventually().untilAsserted(() -> {
            WekaCluster current = cluster.get();
            assertThat(current.getStatus().phase).isEqualTo(Phase.Failed);
            assertThat(condition(current, "Synced")).hasValueSatisfying(c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("TokenSecretNotFound");
                assertThat(c.getMessage()).contains(namespace + "/get-weka-io");
            });
        });

        int reconciles = operator.reconciles(namespace, "no-token");
        cluster.edit(c -> {
            c.getMetadata().getAnnotations().put("example.com/touched", "once");
            return c;
        });
        eventually().until(() -> operator.reconciles(namespace, "no-token") > reconciles);
        assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                .as("the same failure is recorded once, however often it is retried")
                .filteredOn(e -> "ReconcileFailed".equals(e.getReason())).singleElement().satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getMessage()).startsWith("TokenSecretNotFound: Secret " + namespace + "/get-weka-io");
                });
        assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                .as("turning Failed is said once, on the transition")
                .filteredOn(e -> "Failed".equals(e.getReason())).singleElement()
                .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));

        createTokenSecret();
        cluster.edit(c -> {
            c.getMetadata().getAnnotations().put("example.com/touched", "now");
            return c;
        });
        eventually().untilAsserted(() -> assertThat(condition(cluster.get(), "Synced"))
                .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True")));
    }

    @Test
    void pausedClusterMakesNoAwsCallUntilResumed() {
        createTokenSecret();
        Resource<WekaCluster> cluster = create("paused");
        eventually().until(() -> cluster.get().getStatus() != null && cluster.get().getStatus().observedGeneration != null);

        cluster.edit(c -> {
            c.getMetadata().getAnnotations().put(WekaCluster.PAUSE_ANNOTATION, "true");
            return c;
        });
        eventually().untilAsserted(() -> assertThat(condition(cluster.get(), "Paused"))
                .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True")));
        double callsWhenPaused = operator.awsCalls();

        cluster.edit(c -> {
            c.getSpec().backends.count = 7;
            return c;
        });
        eventually().untilAsserted(() -> {
            WekaCluster current = cluster.get();
            assertThat(condition(current, "Paused")).hasValueSatisfying(c -> {
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getObservedGeneration()).isEqualTo(2L);
            });
            assertThat(current.getStatus().observedGeneration).as("a paused spec is not acted on").isEqualTo(1L);
        });
        assertThat(operator.awsCalls()).isEqualTo(callsWhenPaused);

        cluster.edit(c -> {
            c.getMetadata().getAnnotations().remove(WekaCluster.PAUSE_ANNOTATION);
            return c;
        });
        eventually().untilAsserted(() -> {
            WekaCluster current = cluster.get();
            assertThat(current.getStatus().observedGeneration).isEqualTo(2L);
            assertThat(condition(current, "Paused")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
            assertThat(condition(current, "Synced")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
        });
        assertThat(operator.awsCalls()).isGreaterThan(callsWhenPaused);
    }

    @Test
    void deletingReleasesTheFinalizer() {
        createTokenSecret();
        Resource<WekaCluster> cluster = create("short-lived");
        eventually().until(() -> cluster.get().getMetadata().getFinalizers().contains(FINALIZER));

        cluster.delete();

        eventually().until(() -> cluster.get() == null);
    }

    @Test
    void whatKeepsTheClusterFromReadyIsTheReadyConditionsReason() {
        // `kubectl get -o wide` shows Ready's reason: a refused or missing reference, not a generic Provisioning.
        createTokenSecret();
        Resource<WekaCluster> cluster = create("no-subnet", "subnet-0123456789abcdef0");

        eventually().untilAsserted(() -> {
            WekaCluster current = cluster.get();
            assertThat(current.getStatus().phase).isEqualTo(Phase.Failed);
            assertThat(condition(current, "Synced")).hasValueSatisfying(c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("InvalidReference");
            });
            assertThat(condition(current, "Ready")).hasValueSatisfying(c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("InvalidReference");
                assertThat(c.getMessage()).contains("subnet-0123456789abcdef0");
            });
        });
    }

    private Resource<WekaCluster> create(String name) {
        return create(name, LocalAws.defaultSubnetId());
    }

    private Resource<WekaCluster> create(String name, String subnetId) {
        WekaCluster cluster = client.resources(WekaCluster.class).load(new java.io.ByteArrayInputStream("""
                apiVersion: aws.weka.io/v1alpha1
                kind: WekaCluster
                metadata:
                  name: %s
                  annotations: {}
                spec:
                  region: us-east-1
                  network: {subnetId: %s}
                  loadBalancer: {enabled: false}
                  weka:
                    version: "4.4.10"
                    tokenSecretRef: {name: get-weka-io}
                """.formatted(name, subnetId).getBytes())).item();
        client.resources(WekaCluster.class).inNamespace(namespace).resource(cluster).create();
        return client.resources(WekaCluster.class).inNamespace(namespace).withName(name);
    }

    private void createTokenSecret() {
        client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName("get-weka-io")
                .endMetadata().withStringData(Map.of("token", "not-a-real-token")).build()).create();
    }

    private static Optional<Condition> condition(WekaCluster cluster, String type) {
        return cluster.getStatus() == null ? Optional.empty()
                : cluster.getStatus().conditions.stream().filter(c -> c.getType().equals(type)).findFirst();
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions();
    }
}
