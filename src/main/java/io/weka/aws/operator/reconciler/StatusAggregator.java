package io.weka.aws.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.WekaClusterStatus;
import io.weka.aws.operator.api.v1alpha1.status.BackendsStatus;
import io.weka.aws.operator.api.v1alpha1.status.ClusterizationStatus;
import io.weka.aws.operator.api.v1alpha1.status.OutputsStatus;
import io.weka.aws.operator.api.v1alpha1.status.Phase;
import io.weka.aws.operator.api.v1alpha1.status.ResourceStatus;
import io.weka.aws.operator.api.v1alpha1.status.WekaRuntimeStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one place that decides a WekaCluster's status: its conditions (with observedGeneration and a
 * lastTransitionTime that moves only when a condition's status does), observedGeneration and phase.
 * Reconcile steps report what they found; this class turns it into status.
 */
public final class StatusAggregator {
    private static final int RECENT_ERRORS = 5;
    private final WekaCluster cluster;
    private final WekaClusterStatus previous;
    private final Instant now;
    private final Map<ConditionType, Condition> reported = new EnumMap<>(ConditionType.class);
    private final Set<ConditionType> withdrawn = EnumSet.noneOf(ConditionType.class);
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
        next.preflightChecked = previous.preflightChecked;
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
        withdrawn.remove(type);
        reported.put(type, new ConditionBuilder().withType(type.name()).withStatus(status ? "True" : "False")
                .withReason(reason).withMessage(message).build());
        return this;
    }

    /** A condition about something the spec no longer asks for goes, rather than stay False forever. */
    public StatusAggregator withdraw(ConditionType type) {
        reported.remove(type);
        withdrawn.add(type);
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

    /**
     * Backends the spec asks for, given to the Auto Scaling group and running; ready is what WEKA last reported:
     * active backends once clusterized, backends ready for clusterization before (so report those first). The
     * summary counts WEKA's backends once there is a WEKA cluster, and the running instances before: WEKA's
     * installation takes minutes, and 0/6 while six instances run reads as if nothing had started.
     */
    public StatusAggregator backends(int desired, int applied, int running) {
        BackendsStatus backends = new BackendsStatus();
        backends.desired = desired;
        backends.applied = applied;
        backends.running = running;
        Integer ready = clusterized() ? Optional.ofNullable(next.weka).map(w -> w.activeBackends).orElse(null)
                : Optional.ofNullable(next.clusterization).map(c -> c.readyForClusterization).orElse(null);
        backends.ready = ready != null ? ready : 0;
        backends.summary = (clusterized() ? backends.ready : running) + "/" + desired;
        next.backends = backends;
        return this;
    }

    /** The state item's progress (see {@link ClusterizationState}) and the Clusterized condition. */
    StatusAggregator clusterization(ClusterizationState state, boolean infrastructureReady,
            Map<String, String> runningPrivateIps) {
        state.progress().ifPresent(progress -> {
            ClusterizationStatus status = new ClusterizationStatus();
            status.target = progress.target();
            status.readyForClusterization = progress.readyInstances().size();
            status.inProgress = progress.inProgress(runningPrivateIps);
            status.clusterized = progress.clusterized();
            status.recentErrors = progress.recentErrors(RECENT_ERRORS);
            next.clusterization = status;
        });
        boolean waiting = !infrastructureReady && state.progress().isEmpty() && !Reason.STATE_UNREADABLE.equals(
                state.reason());
        return waiting ? report(ConditionType.Clusterized, false, Reason.WAITING_FOR_INFRASTRUCTURE,
                "waiting for the infrastructure")
                : report(ConditionType.Clusterized, state.clusterized(), state.reason(), state.message());
    }

    /** WEKA's status and the WekaHealthy condition; an answer without WEKA's status keeps the last one. */
    StatusAggregator weka(WekaHealth health) {
        health.weka().ifPresent(weka -> {
            WekaRuntimeStatus status = new WekaRuntimeStatus();
            status.ioStatus = weka.ioStatus();
            status.release = weka.release();
            status.activeBackends = weka.activeBackends();
            status.totalBackends = weka.totalBackends();
            status.activeClients = weka.activeClients();
            status.activeDrives = weka.activeDrives();
            status.totalDrives = weka.totalDrives();
            status.totalCapacityBytes = weka.totalCapacityBytes();
            status.unprovisionedCapacityBytes = weka.unprovisionedCapacityBytes();
            status.activeAlerts = weka.activeAlerts();
            next.weka = status;
        });
        return report(ConditionType.WekaHealthy, health.healthy(), health.reason(), health.message());
    }

    /** Whether a backends.count change waits for clusterization (the group keeps {@code applied} meanwhile). */
    public StatusAggregator scaling(int desired, int applied, boolean stateUnreadable) {
        if (desired == applied) {
            return report(ConditionType.ScalingHeld, false, Reason.COUNT_APPLIED, "the Auto Scaling group has "
                    + "backends.count " + desired);
        }
        return stateUnreadable
                ? report(ConditionType.ScalingHeld, true, Reason.STATE_UNREADABLE, "backends.count " + desired
                        + " waits: WEKA's state item cannot be read, so whether WEKA is clusterizing is unknown; the "
                        + "Auto Scaling group keeps " + applied + " until the item can be read again")
                : report(ConditionType.ScalingHeld, true, Reason.CLUSTERIZATION_IN_PROGRESS, "backends.count "
                        + desired + " waits: the Auto Scaling group keeps " + applied + " until WEKA has clusterized "
                        + "them, then it changes");
    }

    /**
     * Whether Auto Scaling groups launch what they are asked for ({@code type} BackendsLaunching or
     * InstanceGroupsLaunching); a group whose launches fail is also marked Degraded, with AWS's words, in
     * status.resources. Groups the pass did not look at keep what was said before.
     */
    public StatusAggregator launches(ConditionType type, LaunchFailures.Launches launches) {
        if (!launches.wanted()) {
            return withdraw(type);
        }
        if (!launches.observed()) {
            return this;
        }
        if (launches.failures().isEmpty()) {
            return report(type, true, Reason.INSTANCES_LAUNCHED, "no launch has failed since the last one that "
                    + "succeeded");
        }
        Map<String, LaunchFailures.LaunchFailure> byGroup = launches.failures().stream()
                .collect(Collectors.toMap(LaunchFailures.LaunchFailure::group, f -> f, (a, b) -> a));
        if (next.resources != null) {
            next.resources = next.resources.stream().map(r -> !r.kind.endsWith("AutoScalingGroup")
                    || !byGroup.containsKey(r.name) ? r : new ResourceStatus(r.kind, r.name, r.arn,
                            ResourceStatus.DEGRADED, byGroup.get(r.name).describe())).toList();
        }
        return report(type, false, launches.failures().get(0).code(), launches.failures().stream()
                .map(LaunchFailures.LaunchFailure::describe).collect(Collectors.joining("; ")));
    }

    /** Whether the preflight has passed for exactly these inputs, so that it need not run again. */
    boolean preflightPassed(String inputsDigest) {
        return inputsDigest.equals(previous.preflightChecked) && isTrue(ConditionType.PreflightPassed);
    }

    /**
     * The preflight's outcome, and what it checked once it passed. A cluster not clusterized yet is not Ready for
     * the same reason (the REASON column); a running one stays as WEKA reports it.
     */
    StatusAggregator preflight(Preflight.Result result, String inputsDigest) {
        if (result.passed()) {
            next.preflightChecked = inputsDigest;
        } else if (!clusterized()) {
            report(ConditionType.Ready, false, result.reason(), result.message());
        }
        return report(ConditionType.PreflightPassed, result.passed(), result.reason(), result.message());
    }

    /** The WEKA CSI plugin's Secret (spec.csiSecret): its name in the outputs and its condition, none while off. */
    StatusAggregator csiSecret(CsiApiSecret.Outcome outcome) {
        outputs().csiSecret = outcome.secretName();
        return outcome.reported()
                ? report(ConditionType.CsiSecretReady, outcome.written(), outcome.reason(), outcome.message())
                : withdraw(ConditionType.CsiSecretReady);
    }

    /** Clusterized: Ready is whether WEKA's IO runs, with WekaHealthy's reason when it does not or cannot tell. */
    StatusAggregator readyWhenWekaHealthy() {
        Condition health = reported.get(ConditionType.WekaHealthy);
        return isTrue(ConditionType.WekaHealthy)
                ? report(ConditionType.Ready, true, Reason.IO_STARTED, "WEKA is clusterized and its IO is started")
                : report(ConditionType.Ready, false, health.getReason(), health.getMessage());
    }

    /** Clusterized, as reported by this reconcile or the last one. */
    public boolean clusterized() {
        return isTrue(ConditionType.Clusterized);
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
            if (withdrawn.contains(type)) {
                continue;
            }
            Condition condition = reported.containsKey(type) ? stamp(reported.get(type), generation)
                    : find(previous.conditions, type).orElse(null);
            if (condition != null) {
                next.conditions.add(condition);
            }
        }
        next.phase = phase();
        return next;
    }

    /**
     * Why the status last built has just turned Degraded (the Ready condition) or Failed (the Synced condition):
     * phases that need a person, to be said once, on the transition, not on every pass that stays in them.
     */
    public Optional<Condition> turnedTroubled() {
        if (next.phase == previous.phase || (next.phase != Phase.Degraded && next.phase != Phase.Failed)) {
            return Optional.empty();
        }
        return next.phase == Phase.Failed ? find(next.conditions, ConditionType.Synced)
                : failingLaunches().or(() -> find(next.conditions, ConditionType.Ready));
    }

    /** The first launch condition that is False this pass (see {@link #launches}): a cause of phase Degraded. */
    private Optional<Condition> failingLaunches() {
        return next.conditions.stream().filter(c -> "False".equals(c.getStatus()) && (ConditionType.BackendsLaunching
                .name().equals(c.getType()) || ConditionType.InstanceGroupsLaunching.name().equals(c.getType())))
                .findFirst();
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
        if (failingLaunches().isPresent()) {
            return Phase.Degraded;
        }
        if (isTrue(ConditionType.Ready)) {
            // Ready, but WEKA has not (yet) as many backends as asked for: joining, or being scaled in.
            boolean scaling = next.backends != null && !Objects.equals(next.backends.ready, next.backends.desired);
            return scaling ? Phase.Scaling : Phase.Ready;
        }
        if (isTrue(ConditionType.InfrastructureReady) && isTrue(ConditionType.Clusterized)) {
            return Phase.Degraded;
        }
        if (isTrue(ConditionType.InfrastructureReady)) {
            return Phase.Clusterizing;
        }
        return Phase.Provisioning;
    }

    private boolean isTrue(ConditionType type) {
        Optional<Condition> condition = reported.containsKey(type) ? Optional.of(reported.get(type))
                : find(next.conditions, type).or(() -> find(previous.conditions, type));
        return condition.map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    private static Optional<Condition> find(List<Condition> conditions, ConditionType type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.name().equals(c.getType())).findFirst();
    }
}
