package io.weka.aws.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.WekaClusterStatus;
import io.weka.aws.operator.api.v1alpha1.status.BackendsStatus;
import io.weka.aws.operator.api.v1alpha1.status.OutputsStatus;
import io.weka.aws.operator.api.v1alpha1.status.Phase;
import io.weka.aws.operator.api.v1alpha1.status.ResourceStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place that decides a WekaCluster's status: its conditions (with observedGeneration and a
 * lastTransitionTime that moves only when a condition's status does), observedGeneration and phase.
 * Reconcile steps report what they found; this class turns it into status.
 */
public final class StatusAggregator {
    private final WekaCluster cluster;
    private final WekaClusterStatus previous;
    private final Instant now;
    private final Map<ConditionType, Condition> reported = new EnumMap<>(ConditionType.class);
    private final WekaClusterStatus next = new WekaClusterStatus();
    private boolean specObserved;
    private boolean terminalFailure;

    public StatusAggregator(WekaCluster cluster, Clock clock) {
        this.cluster = cluster;
        this.previous = Optional.ofNullable(cluster.getStatus()).orElseGet(WekaClusterStatus::new);
        this.now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        next.backends = previous.backends;
        next.clusterization = previous.clusterization;
        next.weka = previous.weka;
        next.outputs = previous.outputs;
        next.resources = previous.resources;
    }

    /** Paused: nothing of the spec is acted on, so everything but the Paused condition stays as it was. */
    public StatusAggregator paused() {
        return report(ConditionType.Paused, true, Reason.PAUSED,
                "annotation " + WekaCluster.PAUSE_ANNOTATION + "=true: no AWS call is made until it is removed");
    }

    /** Not paused: the spec of this generation is being acted on. */
    public StatusAggregator active() {
        specObserved = true;
        return report(ConditionType.Paused, false, Reason.NOT_PAUSED, "reconciling");
    }

    public StatusAggregator report(ConditionType type, boolean status, String reason, String message) {
        reported.put(type, new ConditionBuilder().withType(type.name()).withStatus(status ? "True" : "False")
                .withReason(reason).withMessage(message).build());
        return this;
    }

    /** The reconcile completed; what is not ready yet is said by the other conditions. */
    public StatusAggregator synced() {
        return report(ConditionType.Synced, true, Reason.RECONCILED, "the last reconcile completed");
    }

    /**
     * The reconcile failed. Terminal failures need a change (of the spec, or of what it refers to) before a retry
     * can succeed; the others are retried with backoff.
     */
    public StatusAggregator failed(String reason, String message, boolean terminal) {
        terminalFailure = terminal;
        return report(ConditionType.Synced, false, reason, message);
    }

    /** Backends the spec asks for and those running; ready is what WEKA last reported (none before it does). */
    public StatusAggregator backends(int desired, int running) {
        BackendsStatus backends = new BackendsStatus();
        backends.desired = desired;
        backends.running = running;
        backends.ready = next.backends != null && next.backends.ready != null ? next.backends.ready : 0;
        backends.summary = backends.ready + "/" + desired;
        next.backends = backends;
        return this;
    }

    /** The AWS resources the cluster owns, as found by this reconcile. */
    public StatusAggregator resources(List<ResourceStatus> inventory) {
        next.resources = inventory;
        return this;
    }

    /** The outputs to fill in: a copy, so that the cached resource is never changed in place. */
    public OutputsStatus outputs() {
        if (next.outputs == previous.outputs) {
            next.outputs = previous.outputs == null ? new OutputsStatus() : copy(previous.outputs);
        }
        return next.outputs;
    }

    private static OutputsStatus copy(OutputsStatus outputs) {
        return Serialization.clone(outputs);
    }

    public WekaClusterStatus build() {
        long generation = Optional.ofNullable(cluster.getMetadata().getGeneration()).orElse(0L);
        next.observedGeneration = specObserved ? Long.valueOf(generation) : previous.observedGeneration;
        for (ConditionType type : ConditionType.values()) {
            Condition condition = reported.containsKey(type) ? stamp(reported.get(type), generation)
                    : find(previous.conditions, type).orElse(null);
            if (condition != null) {
                next.conditions.add(condition);
            }
        }
        next.phase = phase();
        return next;
    }

    private Condition stamp(Condition condition, long generation) {
        Optional<Condition> before = find(previous.conditions, ConditionType.valueOf(condition.getType()));
        boolean unchanged = before.map(b -> Objects.equals(b.getStatus(), condition.getStatus())).orElse(false);
        condition.setLastTransitionTime(unchanged ? before.get().getLastTransitionTime() : now.toString());
        condition.setObservedGeneration(generation);
        return condition;
    }

    private Phase phase() {
        if (cluster.isMarkedForDeletion()) {
            return Phase.Deleting;
        }
        if (!specObserved) {
            return previous.phase != null ? previous.phase : Phase.Pending;
        }
        if (terminalFailure) {
            return Phase.Failed;
        }
        if (isTrue(ConditionType.Ready)) {
            return Phase.Ready;
        }
        if (isTrue(ConditionType.InfrastructureReady)) {
            return Phase.Clusterizing;
        }
        return Phase.Provisioning;
    }

    private boolean isTrue(ConditionType type) {
        return find(next.conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    private static Optional<Condition> find(List<Condition> conditions, ConditionType type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.name().equals(c.getType())).findFirst();
    }
}
