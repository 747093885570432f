package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.status.Phase;
import io.weka.aws.operator.testenv.InProcessOperator;
import io.weka.aws.operator.testenv.RealisticAws;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the operator treats AWS's failures, through the real API server and the emulator: what AWS gets past by itself
 * is waited out without failing the cluster; what only a change can mend is not retried while nothing changes, and is
 * retried once the spec or a referenced Secret does.
 */
class AwsFailureHandlingTest extends SimulatedClusterScenario {
    /** A table the spec names that does not exist: found by the state table's convergence, which the preflight does not read. */
    private static final String MISSING_TABLE = "weka-missing-state-table";

    AwsFailureHandlingTest() {
        super("failures");
    }

    @AfterEach
    void realAwsOff() {
        RealisticAws.off();
    }

    /**
     * Catalogue row 27 (and 15, 18, 33, 35 on the way): right after CreateRole, Lambda answers CreateFunction with
     * 400 InvalidParameterValueException "The role defined for the function cannot be assumed by Lambda". That is
     * waited out, said in status, and never turns the cluster Failed.
     */
    @Test
    void aNewRoleNotYetKnownToLambdaIsWaitedOutAndTheClusterBecomesReadyWithoutEverFailing() {
        RealisticAws.seeded(7).iamPropagation(Duration.ofSeconds(8)).apply();

        List<Condition> synced = readyWithoutEverFailing("propagating");

        assertThat(RealisticAws.playedFaults()).as("Lambda refused the new role at least once")
                .anySatisfy(f -> {
                    assertThat(f.service()).isEqualTo("lambda");
                    assertThat(f.code()).isEqualTo("InvalidParameterValueException");
                });
        assertThat(synced).as("the wait, said with the resource and AWS's code and message").anySatisfy(c -> {
            assertThat(c.getReason()).isEqualTo("WaitingForAws");
            assertThat(c.getMessage()).contains("LambdaFunction: InvalidParameterValueException: The role defined "
                    + "for the function cannot be assumed by Lambda.").contains("for up to 15 min");
        });
    }

    /**
     * Creates the cluster, plays WEKA, and waits until it is Ready, watching every status it goes through: never
     * Failed. Returns the Synced conditions seen on the way.
     */
    private List<Condition> readyWithoutEverFailing(String name) {
        Resource<WekaCluster> cluster = cluster(name, "");
        List<Phase> phases = new CopyOnWriteArrayList<>();
        List<Condition> synced = new CopyOnWriteArrayList<>();
        playUntilReady(cluster, status -> {
            phases.add(status.phase);
            status.conditions.stream().filter(c -> "Synced".equals(c.getType())).forEach(synced::add);
        });
        assertThat(phases).as("phases the cluster went through").doesNotContain(Phase.Failed).contains(Phase.Ready);
        return synced;
    }

    @Test
    void aTerminalFailureMakesNoAwsCallUntilTheSpecOrAReferencedSecretChanges() {
        Resource<WekaCluster> cluster = cluster("stray", """
                stateTable: {name: %s}
                loadBalancer: {enabled: false}
                """.formatted(MISSING_TABLE));
        awaitStatus(cluster, "Failed: the state table does not exist", s -> {
            assertThat(s.phase).isEqualTo(Phase.Failed);
            assertThat(condition(s, "Synced").getReason()).isEqualTo("InvalidReference");
            assertThat(condition(s, "Synced").getMessage()).contains(MISSING_TABLE);
        });
        double callsWhenFailed = operator.awsCalls();

        int reconciles = operator.reconciles(namespace, "stray");
        cluster.edit(c -> {
            c.getMetadata().getAnnotations().put("example.com/touched", "once");
            return c;
        });
        awaitMoreReconciles("stray", reconciles, "the reconcile an unrelated edit causes");
        reconciles = operator.reconciles(namespace, "stray");
        awaitMoreReconciles("stray", reconciles, "the resync a terminal failure schedules");
        assertThat(operator.awsCalls()).as("AWS calls over an edit and a resync that change nothing a retry needs")
                .isEqualTo(callsWhenFailed);
        assertThat(cluster.get().getStatus().phase).isEqualTo(Phase.Failed);

        client.secrets().inNamespace(namespace).withName("get-weka-io").edit(s -> {
            s.setStringData(Map.of("token", "another-token"));
            return s;
        });
        awaitRetry(callsWhenFailed, "a retry at the next resync once the token Secret changed");
        awaitStatus(cluster, "Failed again: the table still does not exist", s -> assertThat(s.phase)
                .isEqualTo(Phase.Failed));

        double callsWhenFailedAgain = awaitStableCalls();
        cluster.edit(c -> {
            c.getSpec().backends.count = 7;
            return c;
        });
        awaitRetry(callsWhenFailedAgain, "a retry once the spec changed");
        awaitStatus(cluster, "the new generation observed, and still Failed", s -> {
            assertThat(s.observedGeneration).isEqualTo(2L);
            assertThat(s.phase).isEqualTo(Phase.Failed);
            assertThat(condition(s, "Synced").getReason()).isEqualTo("InvalidReference");
        });
    }

    private void awaitRetry(double callsBefore, String what) {
        await(what).atMost(InProcessOperator.POLLING.stable().multipliedBy(3)).pollInterval(Duration.ofMillis(300))
                .until(() -> operator.awsCalls() > callsBefore);
    }

    /** The AWS call count once a retry's calls are over: unchanged over a second. */
    private static double awaitStableCalls() {
        double[] last = {-1};
        await("the retry's calls to end").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    double now = operator.awsCalls();
                    boolean stable = now == last[0];
                    last[0] = now;
                    return stable;
                });
        return last[0];
    }

    private void awaitMoreReconciles(String name, int before, String what) {
        await(what).atMost(InProcessOperator.POLLING.stable().multipliedBy(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> operator.reconciles(namespace, name) > before);
    }
}
