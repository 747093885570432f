package io.weka.aws.operator.integration;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.testenv.InProcessOperator;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.WekaReleaseBucket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Tests that apply WekaClusters to the API server and let the operator, running in the test JVM, converge them:
 * each test starts from an empty AWS account that holds only WEKA's release bucket, in a namespace of its own.
 */
abstract class OperatorScenario {
    protected static InProcessOperator operator;
    private final String purpose;
    protected String namespace;

    protected OperatorScenario(String purpose) {
        this.purpose = purpose;
    }

    @BeforeAll
    static void startOperator() {
        noClustersLeft();
        operator = InProcessOperator.start();
    }

    @AfterAll
    static void stopOperator() {
        operator.close();
    }

    @BeforeEach
    void emptyAccountWithWekasReleaseBucket() {
        noClustersLeft();
        LocalAws.reset();
        WekaReleaseBucket.seed();
        namespace = LocalKubernetes.newNamespace(purpose);
    }

    /**
     * Clusters of earlier tests (of any class) are released without touching AWS, before the account is emptied:
     * left in place, the operator would converge them again next to the test's own cluster, under the same names.
     */
    private static void noClustersLeft() {
        KubernetesClient client = LocalKubernetes.client();
        client.resources(WekaCluster.class).inAnyNamespace().delete();
        await("no WekaCluster left").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> {
                    List<WekaCluster> left = client.resources(WekaCluster.class).inAnyNamespace().list().getItems();
                    left.forEach(c -> client.resource(c).edit(e -> {
                        e.getMetadata().setFinalizers(List.of());
                        return e;
                    }));
                    return left.isEmpty();
                });
    }
}
