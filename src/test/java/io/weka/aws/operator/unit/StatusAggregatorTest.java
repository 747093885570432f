package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.WekaClusterStatus;
import io.weka.aws.operator.api.v1alpha1.status.Phase;
import io.weka.aws.operator.api.v1alpha1.status.ResourceStatus;
import io.weka.aws.operator.reconciler.ConditionType;
import io.weka.aws.operator.reconciler.LaunchFailures.LaunchFailure;
import io.weka.aws.operator.reconciler.LaunchFailures.Launches;
import io.weka.aws.operator.reconciler.Reason;
import io.weka.aws.operator.reconciler.StatusAggregator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-25T10:05:00Z");

    @Test
    void stampsGenerationOnStatusAndConditions() {
        WekaClusterStatus status = aggregate(cluster(3, null), T0, a -> a.active().synced());

        assertThat(status.observedGeneration).isEqualTo(3L);
        assertThat(status.conditions).extracting(Condition::getObservedGeneration).containsOnly(3L);
        assertThat(status.conditions).extracting(Condition::getType).containsExactly("Synced", "Paused");
    }

    @Test
    void transitionTimeMovesOnlyWhenTheStatusChanges() {
        WekaClusterStatus first = aggregate(cluster(1, null), T0,
                a -> a.active().report(ConditionType.Ready, false, Reason.PROVISIONING, "one"));
        WekaClusterStatus sameStatusNewMessage = aggregate(cluster(2, first), T1,
                a -> a.active().report(ConditionType.Ready, false, Reason.PROVISIONING, "two"));
        WekaClusterStatus flipped = aggregate(cluster(2, sameStatusNewMessage), T1,
                a -> a.active().report(ConditionType.Ready, true, Reason.RECONCILED, "ready"));

        assertThat(ready(sameStatusNewMessage).getLastTransitionTime()).isEqualTo(T0.toString());
        assertThat(ready(sameStatusNewMessage).getMessage()).isEqualTo("two");
        assertThat(ready(flipped).getLastTransitionTime()).isEqualTo(T1.toString());
    }

    @Test
    void pausedKeepsWhatWasObservedBefore() {
        WekaClusterStatus active = aggregate(cluster(1, null), T0,
                a -> a.active().synced().report(ConditionType.Ready, false, Reason.PROVISIONING, "building"));
        WekaClusterStatus paused = aggregate(cluster(2, active), T1, StatusAggregator::paused);

        assertThat(paused.observedGeneration).isEqualTo(1L);
        assertThat(paused.phase).isEqualTo(Phase.Provisioning);
        assertThat(ready(paused)).usingRecursiveComparison().isEqualTo(ready(active));
        assertThat(paused.conditions).filteredOn(c -> c.getType().equals("Paused")).singleElement()
                .satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("True");
                    assertThat(c.getObservedGeneration()).isEqualTo(2L);
                });
    }

    @Test
    void phaseFollowsTheConditions() {
        assertThat(aggregate(cluster(1, null), T0, StatusAggregator::paused).phase).isEqualTo(Phase.Pending);
        assertThat(aggregate(cluster(1, null), T0, a -> a.active().failed("X", "broken", true)).phase)
                .isEqualTo(Phase.Failed);
        assertThat(aggregate(cluster(1, null), T0, a -> a.active().failed("X", "throttled", false)).phase)
                .isEqualTo(Phase.Provisioning);
        assertThat(aggregate(cluster(1, null), T0,
                a -> a.active().report(ConditionType.InfrastructureReady, true, "R", "m")).phase)
                .isEqualTo(Phase.Clusterizing);
        assertThat(aggregate(cluster(1, null), T0, a -> a.active().report(ConditionType.Ready, true, "R", "m")).phase)
                .isEqualTo(Phase.Ready);
        assertThat(aggregate(cluster(1, null), T0, a -> a.active().report(ConditionType.Ready, true, "R", "m")
                .backends(8, 8, 8)).phase).as("WEKA has fewer backends than asked for").isEqualTo(Phase.Scaling);
        assertThat(aggregate(cluster(1, null), T0, a -> a.active()
                .report(ConditionType.InfrastructureReady, true, "R", "m")
                .report(ConditionType.Clusterized, true, "R", "m")
                .report(ConditionType.Ready, false, "StatusFunctionFailed", "m")).phase).isEqualTo(Phase.Degraded);
        WekaCluster deleting = cluster(1, null);
        deleting.getMetadata().setDeletionTimestamp(T0.toString());
        assertThat(aggregate(deleting, T0, a -> a.active()).phase).isEqualTo(Phase.Deleting);
    }

    @Test
    void backendsCountRunningInstancesUntilWekaHasClusterizedThenWekasBackends() {
        // Before clusterization WEKA's installation takes minutes: six running instances are not "0/6".
        WekaClusterStatus installing = aggregate(cluster(1, null), T0, a -> a.active()
                .report(ConditionType.Clusterized, false, Reason.NOT_CLUSTERIZED, "m").backends(6, 6, 6));
        assertThat(installing.backends.ready).as("none registered for clusterization yet").isZero();
        assertThat(installing.backends.summary).isEqualTo("6/6");

        WekaClusterStatus clusterized = aggregate(cluster(2, installing), T0, a -> a.active()
                .report(ConditionType.Clusterized, true, Reason.CLUSTERIZED, "m").backends(6, 6, 7));
        assertThat(clusterized.backends.summary).as("WEKA's active backends, none reported yet").isEqualTo("0/6");
    }

    @Test
    void aHeldCountIsAConditionAndTheGroupsCountIsShown() {
        WekaClusterStatus held = aggregate(cluster(2, null), T0, a -> a.active().backends(8, 6, 6).scaling(8, 6, false));

        assertThat(held.backends.desired).isEqualTo(8);
        assertThat(held.backends.applied).isEqualTo(6);
        assertThat(held.backends.running).isEqualTo(6);
        Condition scaling = held.conditions.stream().filter(c -> c.getType().equals("ScalingHeld")).findFirst()
                .orElseThrow();
        assertThat(scaling.getStatus()).isEqualTo("True");
        assertThat(scaling.getReason()).isEqualTo(Reason.CLUSTERIZATION_IN_PROGRESS);
        assertThat(scaling.getMessage()).isEqualTo("backends.count 8 waits: the Auto Scaling group keeps 6 until "
                + "WEKA has clusterized them, then it changes");

        WekaClusterStatus unknown = aggregate(cluster(2, held), T0, a -> a.active().scaling(8, 6, true));
        assertThat(unknown.conditions).filteredOn(c -> c.getType().equals("ScalingHeld")).singleElement()
                .satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("True");
                    assertThat(c.getReason()).isEqualTo(Reason.STATE_UNREADABLE);
                    assertThat(c.getMessage()).startsWith("backends.count 8 waits: WEKA's state item cannot be read");
                });

        WekaClusterStatus applied = aggregate(cluster(2, held), T0, a -> a.active().scaling(8, 8, false));
        assertThat(applied.conditions).filteredOn(c -> c.getType().equals("ScalingHeld")).singleElement()
                .satisfies(c -> assertThat(c.getReason()).isEqualTo(Reason.COUNT_APPLIED));
    }

    @Test
    void aWithdrawnConditionLeavesTheStatusWhileOthersStay() {
        WekaClusterStatus reported = aggregate(cluster(1, null), T0, a -> a.active().synced()
                .report(ConditionType.CsiSecretReady, false, Reason.ADMIN_PASSWORD_NOT_SET, "waiting"));
        WekaClusterStatus withdrawn = aggregate(cluster(2, reported), T1, a -> a.active()
                .withdraw(ConditionType.CsiSecretReady));

        assertThat(reported.conditions).extracting(Condition::getType).contains("CsiSecretReady");
        assertThat(withdrawn.conditions).extracting(Condition::getType).containsExactly("Synced", "Paused");
    }

    @Test
    void turningDegradedOrFailedIsToldOnceWithTheConditionThatSaysWhy() {
        Consumer<StatusAggregator> degraded = a -> a.active()
                .report(ConditionType.InfrastructureReady, true, "R", "m")
                .report(ConditionType.Clusterized, true, "R", "m")
                .report(ConditionType.Ready, false, "StatusFunctionFailed", "the status function failed");
        WekaClusterStatus ready = aggregate(cluster(1, null), T0,
                a -> a.active().report(ConditionType.Ready, true, "IoStarted", "m"));

        StatusAggregator turned = built(cluster(1, ready), T1, degraded);
        assertThat(turned.turnedTroubled()).hasValueSatisfying(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getReason()).isEqualTo("StatusFunctionFailed");
        });
        WekaClusterStatus alreadyDegraded = aggregate(cluster(1, ready), T1, degraded);
        assertThat(alreadyDegraded.phase).isEqualTo(Phase.Degraded);
        assertThat(built(cluster(1, alreadyDegraded), T1, degraded).turnedTroubled()).as("still Degraded").isEmpty();
        assertThat(built(cluster(1, null), T0, a -> a.active().failed("TokenSecretNotFound", "no token", true))
                .turnedTroubled()).hasValueSatisfying(c -> {
                    assertThat(c.getType()).isEqualTo("Synced");
                    assertThat(c.getMessage()).isEqualTo("no token");
                });
        assertThat(built(cluster(1, ready), T1, a -> a.active().report(ConditionType.Ready, true, "IoStarted", "m"))
                .turnedTroubled()).isEmpty();
    }

    @Test
    void refusedLaunchesAreConditionsWithAwssCodeAndMessageAndMakeTheClusterDegraded() {
        LaunchFailure noCapacity = new LaunchFailure("weka-poc-autoscaling-group", "InsufficientInstanceCapacity",
                "We currently do not have sufficient i3en.6xlarge capacity. Launching EC2 instance failed.");
        LaunchFailure vcpu = new LaunchFailure("weka-poc-nfs-protocol-gateway", "VcpuLimitExceeded",
                "You have requested more vCPU capacity than your current vCPU limit of 32 allows.");
        Consumer<StatusAggregator> clusterizing = a -> a.active()
                .resources(List.of(new ResourceStatus("AutoScalingGroup", noCapacity.group(), null, "Ready"),
                        new ResourceStatus("NfsGatewaysAutoScalingGroup", vcpu.group(), null, "Ready"),
                        new ResourceStatus("LaunchTemplate", noCapacity.group(), null, "Ready")))
                .report(ConditionType.InfrastructureReady, true, "R", "m")
                .report(ConditionType.Ready, false, Reason.CLUSTERIZING, "WEKA is being installed");
        WekaClusterStatus launching = aggregate(cluster(1, null), T0, clusterizing.andThen(a -> a
                .launches(ConditionType.BackendsLaunching, new Launches(true, true, List.of()))
                .launches(ConditionType.InstanceGroupsLaunching, Launches.NOT_WANTED)));
        assertThat(launching.phase).isEqualTo(Phase.Clusterizing);
        assertThat(condition(launching, "BackendsLaunching").getReason()).isEqualTo(Reason.INSTANCES_LAUNCHED);
        assertThat(launching.conditions).extracting(Condition::getType).doesNotContain("InstanceGroupsLaunching");

        StatusAggregator refused = built(cluster(1, launching), T1, clusterizing.andThen(a -> a
                .launches(ConditionType.BackendsLaunching, new Launches(true, true, List.of(noCapacity)))
                .launches(ConditionType.InstanceGroupsLaunching, new Launches(true, true, List.of(vcpu)))));
        WekaClusterStatus degraded = refused.build();
        assertThat(degraded.phase).isEqualTo(Phase.Degraded);
        assertThat(condition(degraded, "BackendsLaunching")).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("InsufficientInstanceCapacity");
            assertThat(c.getMessage()).isEqualTo(noCapacity.describe());
            assertThat(c.getLastTransitionTime()).isEqualTo(T1.toString());
        });
        assertThat(condition(degraded, "InstanceGroupsLaunching").getReason()).isEqualTo("VcpuLimitExceeded");
        assertThat(degraded.resources).extracting(r -> r.kind + " " + r.state + " " + r.message).containsExactly(
                "AutoScalingGroup Degraded " + noCapacity.describe(),
                "NfsGatewaysAutoScalingGroup Degraded " + vcpu.describe(),
                "LaunchTemplate Ready null");
        assertThat(refused.turnedTroubled()).as("the event says why").hasValueSatisfying(
                c -> assertThat(c.getReason()).isEqualTo("InsufficientInstanceCapacity"));

        WekaClusterStatus notLookedAt = aggregate(cluster(1, degraded), T1, a -> a.active()
                .launches(ConditionType.BackendsLaunching, Launches.NOT_OBSERVED));
        assertThat(notLookedAt.phase).as("a pass that did not reach the group changes nothing")
                .isEqualTo(Phase.Degraded);
        WekaClusterStatus back = aggregate(cluster(1, degraded), T1, clusterizing.andThen(a -> a
                .launches(ConditionType.BackendsLaunching, new Launches(true, true, List.of()))
                .launches(ConditionType.InstanceGroupsLaunching, new Launches(true, true, List.of()))));
        assertThat(back.phase).isEqualTo(Phase.Clusterizing);
        assertThat(condition(back, "BackendsLaunching").getStatus()).isEqualTo("True");
        assertThat(back.resources).extracting(r -> r.state).containsOnly("Ready");
    }

    private static Condition condition(WekaClusterStatus status, String type) {
        return status.conditions.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    private static WekaClusterStatus aggregate(WekaCluster cluster, Instant now,
            Consumer<StatusAggregator> steps) {
        StatusAggregator aggregator = new StatusAggregator(cluster, Clock.fixed(now, ZoneOffset.UTC));
        steps.accept(aggregator);
        return aggregator.build();
    }

    /** The aggregator after the steps and a build, as the reconciler leaves it once the status is written. */
    private static StatusAggregator built(WekaCluster cluster, Instant now, Consumer<StatusAggregator> steps) {
        StatusAggregator aggregator = new StatusAggregator(cluster, Clock.fixed(now, ZoneOffset.UTC));
        steps.accept(aggregator);
        aggregator.build();
        return aggregator;
    }

    private static WekaCluster cluster(long generation, WekaClusterStatus status) {
        WekaCluster cluster = new WekaCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("c").withNamespace("n").withGeneration(generation).build());
        cluster.setStatus(status);
        return cluster;
    }

    private static Condition ready(WekaClusterStatus status) {
        return status.conditions.stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
    }
}
