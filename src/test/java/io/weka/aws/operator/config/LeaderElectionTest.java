package io.weka.aws.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.weka.aws.operator.testenv.CapturedLog;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class LeaderElectionTest {
    private static final String LEASE = "weka-aws-operator-lease";

    @Test
    void losingTheLeaseWhileRunningExits() throws InterruptedException {
        CountDownLatch exited = new CountDownLatch(1);

        LeaderElection.onStopLeading(new AtomicBoolean(false), exited::countDown).run();

        assertThat(exited.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void givingUpTheLeaseOnShutdownDoesNotExitAgain() {
        AtomicBoolean exited = new AtomicBoolean();

        LeaderElection.onStopLeading(new AtomicBoolean(true), () -> exited.set(true)).run();

        assertThat(exited).isFalse();
    }

    @Test
    void inAPodTheLeaseIsInThePodsNamespace() {
        LeaderElectionConfiguration election = new LeaderElection().leaderElection(true, LEASE,
                Optional.of("weka-system"), kubeconfig("dev"));

        assertThat(election.getLeaseName()).isEqualTo(LEASE);
        assertThat(election.getLeaseNamespace()).contains("weka-system");
    }

    @Test
    void outsideAPodTheLeaseIsInTheKubeconfigContextsNamespace() {
        LeaderElectionConfiguration election = new LeaderElection().leaderElection(true, LEASE, Optional.empty(),
                kubeconfig("dev"));

        assertThat(election.getLeaseNamespace()).contains("dev");
    }

    /** What kind and `aws eks update-kubeconfig` write: JOSDK stopped the operator after 5 s on this. */
    @Test
    void withNoNamespaceAnywhereItRunsWithoutLeaderElectionAndWarns() {
        try (CapturedLog log = CapturedLog.of(LeaderElection.class.getName())) {
            assertThat(new LeaderElection().leaderElection(true, LEASE, Optional.empty(), kubeconfig(null)))
                    .as("no LeaderElectionConfiguration: QOSDK starts the operator without leader election").isNull();
            assertThat(log.lines()).singleElement().satisfies(line -> {
                assertThat(line.level().intValue()).isEqualTo(Level.WARNING.intValue());
                assertThat(line.message()).startsWith("leader election is off: POD_NAMESPACE is not set and the "
                        + "kubeconfig's context names no namespace");
            });
        }
    }

    @Test
    void turnedOffThereIsNoElection() {
        assertThat(new LeaderElection().leaderElection(false, LEASE, Optional.of("weka-system"), kubeconfig("dev")))
                .isNull();
    }

    private static Config kubeconfig(String namespace) {
        Config config = Config.empty();
        config.setNamespace(namespace);
        return config;
    }
}
