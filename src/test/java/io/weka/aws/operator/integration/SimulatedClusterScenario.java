package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.WekaClusterStatus;
import io.weka.aws.operator.api.v1alpha1.status.Phase;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import io.weka.aws.operator.testenv.WekaSimulator;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * An {@link OperatorScenario} whose clusters WEKA's functions act on, played by a {@link WekaSimulator} a test
 * starts: each namespace holds a get.weka.io token Secret, and a cluster is a minimal spec plus the test's lines.
 */
abstract class SimulatedClusterScenario extends OperatorScenario {
    static final Duration TICK = Duration.ofMillis(300);
    protected final KubernetesClient client = LocalKubernetes.client();
    protected WekaSimulator simulator;

    protected SimulatedClusterScenario(String purpose) {
        super(purpose);
    }

    @BeforeEach
    void tokenSecret() {
        client.secrets().inNamespace(namespace).resource(new SecretBuilder()
                .withNewMetadata().withName("get-weka-io").endMetadata()
                .withStringData(Map.of("token", "not-a-real-token")).build()).create();
    }

    @AfterEach
    void stopSimulator() {
        if (simulator != null) {
            simulator.close();
        }
    }

    /**
     * Plays WEKA for the cluster until it is Ready, handing every status the API server shows on the way to
     * {@code seen} (a watch, so no status in between is missed).
     */
    protected void playUntilReady(Resource<WekaCluster> cluster, Consumer<WekaClusterStatus> seen) {
        try (Watch watch = cluster.watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, WekaCluster changed) {
                if (changed.getStatus() != null) {
                    seen.accept(changed.getStatus());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            simulator = WekaSimulator.start(cluster.get(), TICK);
            awaitStatus(cluster, "Ready", s -> assertThat(s.phase).isEqualTo(Phase.Ready));
        }
    }

    /** A cluster in us-east-1 with WEKA 4.4.10 and the token Secret, plus {@code spec} (lines under spec:). */
    protected Resource<WekaCluster> cluster(String name, String spec) {
        WekaCluster stored = TestClusters.stored(namespace, name, """
                region: us-east-1
                weka:
                  version: "4.4.10"
                  tokenSecretRef: {name: get-weka-io}
                """ + spec);
        return client.resources(WekaCluster.class).inNamespace(namespace).withName(stored.getMetadata().getName());
    }
}
