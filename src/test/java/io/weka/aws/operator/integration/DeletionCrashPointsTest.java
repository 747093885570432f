package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.resources.BackendStack;
import io.weka.aws.operator.resources.ConvergenceExecutor;
import io.weka.aws.operator.resources.ConvergenceGraph;
import io.weka.aws.operator.testenv.AppliedClusters;
import io.weka.aws.operator.testenv.AwsLeftovers;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.OperatorCrash;
import io.weka.aws.operator.testenv.TestClusters;
import io.weka.aws.operator.testenv.WekaReleaseBucket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10's crash safety during deletion: a cluster with every feature on is deleted by a chain of operators, each
 * killed right after its fourth mutating AWS call (that call takes effect, nothing after it does; see
 * {@link OperatorCrash}), until one finds nothing left. Nothing of the cluster may be left in AWS, and the leftovers
 * check must know every kind of resource the create made. A chain killed after every single call (about 200
 * operators, a quarter of an hour) found the same, and first that lifting instance protection again on every pass
 * kept a deletion interrupted that often from ever terminating them.
 */
class DeletionCrashPointsTest {
    static final Path EVERY_FEATURE = Path.of("src", "test", "resources", "scenarios", "every-feature.yaml");
    /** Each operator of the chain dies right after this many mutating calls: a few of every step of the deletion. */
    private static final int CALLS_PER_OPERATOR = 4;
    private final AwsClientFactory aws = new AwsClientFactory(new SimpleMeterRegistry());

    @BeforeEach
    void emptyAccount() {
        LocalAws.reset();
        WekaReleaseBucket.seed();
    }

    @AfterEach
    void close() {
        OperatorCrash.restart();
        aws.close();
    }

    @Test
    void everyFeatureDeletedByOperatorsKilledInTurnLeavesNothing() throws IOException {
        try (ConvergenceExecutor executor = new ConvergenceExecutor(8)) {
            WekaCluster reference = created(executor);
            List<String> creates = OperatorCrash.mutatingCalls();
            assertThat(AwsLeftovers.kinds(AwsLeftovers.of(reference)))
                    .as("what the create's calls make, found by the leftovers check")
                    .containsAll(AwsLeftovers.kindsMadeBy(creates));
            OperatorCrash.record();
            deleteUntilGone(reference, executor);
            int deletionCalls = OperatorCrash.mutatingCalls().size();
            OperatorCrash.restart();
            assertThat(AwsLeftovers.of(reference)).as("left by an uninterrupted deletion").isEmpty();
            LocalAws.reset();
            WekaReleaseBucket.seed();

            WekaCluster cluster = created(executor);
            OperatorCrash.restart();
            List<String> killedAfter = new ArrayList<>();
            while (true) {
                OperatorCrash.afterMutatingCalls(CALLS_PER_OPERATOR);
                ConvergenceGraph.Result result = deletePass(cluster, executor);
                boolean died = OperatorCrash.happened();
                List<String> calls = OperatorCrash.mutatingCalls();
                OperatorCrash.restart();
                if (!died) {
                    assertThat(result.failures()).as("the operator left alive, after kills right after %s", killedAfter)
                            .isEmpty();
                    if (result.converged()) {
                        break;
                    }
                    continue;
                }
                killedAfter.add(calls.get(calls.size() - 1));
                assertThat(result.converged()).as("a killed deletion reports done").isFalse();
                assertThat(killedAfter).as("operators killed, for %d calls of an uninterrupted deletion", deletionCalls)
                        .hasSizeLessThanOrEqualTo(deletionCalls);
            }

            assertThat(killedAfter.stream().distinct()).as("kinds of call an operator died right after")
                    .hasSizeGreaterThan(10);
            assertThat(AwsLeftovers.of(cluster)).as("left after kills right after %s", killedAfter).isEmpty();
        }
    }

    /** A cluster with every feature, created (its calls recorded) and already marked for deletion. */
    private WekaCluster created(ConvergenceExecutor executor) throws IOException {
        WekaCluster cluster = AppliedClusters.applyYaml(LocalKubernetes.newNamespace("crash-delete"),
                Files.readString(EVERY_FEATURE)).get();
        OperatorCrash.record();
        assertThat(BackendStack.graph().converge(TestClusters.context(cluster, aws), executor).converged()).isTrue();
        cluster.getMetadata().setDeletionTimestamp(Instant.now().toString());
        return cluster;
    }

    /** Deletion passes of operators left alive, until one finds nothing left; none may fail. */
    private void deleteUntilGone(WekaCluster cluster, ConvergenceExecutor executor) {
        for (int pass = 1; ; pass++) {
            ConvergenceGraph.Result result = deletePass(cluster, executor);
            assertThat(result.failures()).as("deletion pass %d", pass).isEmpty();
            if (result.converged()) {
                return;
            }
            assertThat(pass).as("passes waiting for AWS to remove %s", result.removing()).isLessThan(20);
        }
    }

    private ConvergenceGraph.Result deletePass(WekaCluster cluster, ConvergenceExecutor executor) {
        return BackendStack.graph().delete(TestClusters.context(cluster, aws), executor);
    }
}
