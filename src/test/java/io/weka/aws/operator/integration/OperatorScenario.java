package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.WekaClusterStatus;
import io.weka.aws.operator.testenv.InProcessOperator;
import io.weka.aws.operator.testenv.WekaReleaseBucket;
import java.time.Duration;
import java.util.function.Consumer;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Tests that apply WekaClusters to the API server and let the operator, running in the test JVM, converge them:
 * each test starts from an empty AWS account that holds only WEKA's release bucket, in a namespace of its own.
 * Its static helpers wait for a status, for tests that keep their own operator too.
 */
abstract class OperatorScenario {
    /** How long a cluster may take to reach a state: provisioning in the emulator and WEKA played by a simulator. */
    static final Duration CONVERGED = Duration.ofSeconds(120);
    protected static InProcessOperator operator;
    private final String purpose;
    protected String namespace;

    protected OperatorScenario(String purpose) {
        this.purpose = purpose;
    }

    @BeforeAll
    static void startOperator() {
        operator = InProcessOperator.start();
    }

    @AfterAll
    static void stopOperator() {
        operator.close();
    }

    @BeforeEach
    void emptyAccountWithWekasReleaseBucket() {
        namespace = operator.freshNamespace(purpose);
        WekaReleaseBucket.seed();
    }

    /** Waits until the cluster's status passes {@code check}; a failure shows the conditions. */
    static void awaitStatus(Resource<WekaCluster> cluster, String what, Consumer<WekaClusterStatus> check) {
        ThrowingRunnable assertion = () -> {
            WekaClusterStatus status = cluster.get().getStatus();
            assertThat(status).as("status").isNotNull();
            try {
                check.accept(status);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nconditions: " + status.conditions, e);
            }
        };
        await(what).atMost(CONVERGED).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .untilAsserted(assertion);
    }

    static WekaClusterStatus awaitStatusAndGet(Resource<WekaCluster> cluster, String what,
            Consumer<WekaClusterStatus> check) {
        awaitStatus(cluster, what, check);
        return cluster.get().getStatus();
    }

    static Condition condition(WekaClusterStatus status, String type) {
        return status.conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow(
                () -> new AssertionError("no condition " + type + " in " + status.conditions));
    }
}
