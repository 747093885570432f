package io.weka.aws.operator.config;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * QOSDK turns leader election on (in the profiles of quarkus.operator-sdk.activate-leader-election-for-profiles)
 * only when a LeaderElectionConfiguration bean exists; it has no properties for the lease itself. The Lease lives
 * in the pod's namespace (POD_NAMESPACE from the downward API); the identity is the pod name (HOSTNAME).
 * <p>
 * Outside a pod the Lease goes to the kubeconfig context's namespace. Where there is none either (what kind and
 * {@code aws eks update-kubeconfig} write), JOSDK would stop the operator; it runs without leader election instead
 * and says so, which is right for the single copy a developer starts by hand.
 */
@Singleton
public class LeaderElection {
    private static final Logger LOG = Logger.getLogger(LeaderElection.class);
    private final AtomicBoolean shuttingDown = new AtomicBoolean();

    @Produces
    @Singleton
    @Unremovable
    LeaderElectionConfiguration leaderElection(
            @ConfigProperty(name = "weka.operator.leader-election.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "weka.operator.leader-election.lease-name",
                    defaultValue = "weka-aws-operator-lease") String leaseName,
            @ConfigProperty(name = "weka.operator.leader-election.lease-namespace") Optional<String> leaseNamespace,
            Config kubernetes) {
        if (!enabled) {
            return null;
        }
        Optional<String> namespace = leaseNamespace.or(() -> Optional.ofNullable(kubernetes.getNamespace()));
        if (namespace.isEmpty()) {
            LOG.warn("leader election is off: POD_NAMESPACE is not set and the kubeconfig's context names no "
                    + "namespace for the Lease; run a single replica like this, or set POD_NAMESPACE or the "
                    + "context's namespace to elect a leader");
            return null;
        }
        // JOSDK would exit on losing the lease from inside the shutdown hook too, where System.exit deadlocks.
        return new LeaderElectionConfiguration(leaseName, namespace.get(),
                LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, null,
                new LeaderCallbacks(() -> { }, onStopLeading(shuttingDown, () -> System.exit(1)), leader -> { }),
                false);
    }

    /** Runs before QOSDK stops the operator (lower priority first), which is what ends the lease. */
    void stopping(@Observes @Priority(1) ShutdownEvent event) {
        shuttingDown.set(true);
    }

    /**
     * A replica that loses its lease while running must stop at once, so that only the leader reconciles; one that
     * gives the lease up because it is shutting down must not exit a second time.
     */
    static Runnable onStopLeading(AtomicBoolean shuttingDown, Runnable exit) {
        return () -> {
            if (!shuttingDown.get()) {
                LOG.error("lost the leader lease: exiting so that only the leader reconciles");
                new Thread(exit, "exit-after-lost-lease").start();
            }
        };
    }
}
