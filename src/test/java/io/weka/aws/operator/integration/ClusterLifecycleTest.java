package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.WekaClusterStatus;
import io.weka.aws.operator.api.v1alpha1.status.Phase;
import io.weka.aws.operator.model.ClusterNames;
import io.weka.aws.operator.model.WekaFunction;
import io.weka.aws.operator.reconciler.WekaClusterReconciler;
import io.weka.aws.operator.testenv.CapturedLog;
import io.weka.aws.operator.testenv.InProcessOperator;
import io.weka.aws.operator.testenv.TestClusters;
import io.weka.aws.operator.testenv.WekaSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Issue 5's lifecycle through the real API server and the emulator, with WEKA's functions played by the
 * {@link WekaSimulator}: Provisioning → Clusterizing (progress in status) → Ready, scaling through the Auto Scaling
 * group's desired capacity, held while WEKA clusterizes, and a failing status function.
 */
class ClusterLifecycleTest extends SimulatedClusterScenario {
    ClusterLifecycleTest() {
        super("lifecycle");
    }

    private Resource<WekaCluster> cluster(String name) {
        return cluster(name, "");
    }

    @Test
    void provisioningThenClusterizingWithProgressThenReady() {
        Resource<WekaCluster> cluster = cluster("life");
        simulator = WekaSimulator.start(cluster.get(), TICK).holdClusterization();

        awaitStatus(cluster, "every backend registered for clusterization", s -> {
            assertThat(s.phase).isEqualTo(Phase.Clusterizing);
            assertThat(s.clusterization.target).isEqualTo(6);
            assertThat(s.clusterization.readyForClusterization).isEqualTo(6);
            assertThat(s.clusterization.inProgress).isZero();
            assertThat(s.clusterization.clusterized).isFalse();
            assertThat(s.backends.summary).isEqualTo("6/6");
            assertThat(condition(s, "Clusterized").getReason()).isEqualTo("NotClusterized");
            assertThat(condition(s, "Ready").getReason()).isEqualTo("Clusterizing");
        });
        simulator.reportError("not enough NVMe devices");
        awaitStatus(cluster, "the reported error", s -> assertThat(s.clusterization.recentErrors)
                .singleElement().asString().matches("ip-[0-9-]+[.]ec2[.]internal: \\d\\d:\\d\\d:\\d\\d UTC: "
                        + "not enough NVMe devices"));

        simulator.releaseClusterization();
        awaitStatus(cluster, "Ready", s -> {
            assertThat(s.phase).isEqualTo(Phase.Ready);
            assertThat(condition(s, "Ready").getStatus()).isEqualTo("True");
            assertThat(condition(s, "Clusterized").getStatus()).isEqualTo("True");
            assertThat(condition(s, "WekaHealthy").getReason()).isEqualTo("IoStarted");
            assertThat(s.clusterization.clusterized).isTrue();
            assertThat(s.weka.ioStatus).isEqualTo("STARTED");
            assertThat(s.weka.release).isEqualTo("4.4.10");
            assertThat(s.weka.activeBackends).isEqualTo(6);
            assertThat(s.weka.totalDrives).isEqualTo(12);
            assertThat(s.weka.totalCapacityBytes).isEqualTo(30_000_000_000_000L);
            assertThat(s.weka.activeAlerts).isZero();
            assertThat(s.backends.summary).isEqualTo("6/6");
        });
        assertReadyClusterPolledAtTheStableInterval("life");
    }

    /**
     * A Ready cluster is looked at once per stable interval, not more: over a window of two intervals, at most the
     * passes due in it (one more for a pass already scheduled when the window opens). Counted, not timed: a cluster
     * re-polled every 100 ms would make a hundred passes here.
     */
    private void assertReadyClusterPolledAtTheStableInterval(String name) {
        Duration window = InProcessOperator.POLLING.stable().multipliedBy(2);
        int before = operator.reconciles(namespace, name);
        await("a window of two stable intervals").pollDelay(window).atMost(window.plusSeconds(1)).until(() -> true);
        assertThat(operator.reconciles(namespace, name) - before).as("reconciles of a Ready cluster in %s", window)
                .isBetween(1, 3);
    }

    @Test
    void scalingAReadyClusterChangesTheDesiredCapacityWithinSeconds() {
        Resource<WekaCluster> cluster = cluster("grow");
        simulator = WekaSimulator.start(cluster.get(), TICK);
        awaitStatus(cluster, "Ready", s -> assertThat(s.phase).isEqualTo(Phase.Ready));

        scale(cluster, 8);
        await("desired capacity 8").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(asg(cluster).desiredCapacity()).isEqualTo(8));
        assertThat(asg(cluster).minSize()).isEqualTo(8);
        assertThat(asg(cluster).maxSize()).isEqualTo(56);
        awaitStatus(cluster, "8 backends in WEKA", s -> {
            assertThat(s.phase).isEqualTo(Phase.Ready);
            assertThat(s.backends.desired).isEqualTo(8);
            assertThat(s.backends.applied).isEqualTo(8);
            assertThat(s.backends.running).isEqualTo(8);
            assertThat(s.backends.summary).isEqualTo("8/8");
            assertThat(s.weka.activeBackends).isEqualTo(8);
            assertThat(condition(s, "ScalingHeld").getStatus()).isEqualTo("False");
        });

        scale(cluster, 6);
        await("desired capacity and min back to 6").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    assertThat(asg(cluster).desiredCapacity()).isEqualTo(6);
                    assertThat(asg(cluster).minSize()).as("WEKA's scale-down may terminate down to it").isEqualTo(6);
                });
        assertThat(TestClusters.mutatingCalls(operator.metrics())).as("scale-in is WEKA's, not the operator's")
                .containsKey("AutoScaling:UpdateAutoScalingGroup").doesNotContainKeys("Ec2:TerminateInstances", "AutoScaling:TerminateInstanceInAutoScalingGroup",
                        "AutoScaling:SetInstanceProtection");
    }

    @Test
    void aCountChangedWhileWekaClusterizesWaitsAndIsAppliedAfterwards() {
        Resource<WekaCluster> cluster = cluster("held");
        simulator = WekaSimulator.start(cluster.get(), TICK).holdClusterization();
        awaitStatus(cluster, "clusterizing", s -> assertThat(s.clusterization.readyForClusterization).isEqualTo(6));

        scale(cluster, 8);
        awaitStatus(cluster, "the change held", s -> {
            assertThat(condition(s, "ScalingHeld").getStatus()).isEqualTo("True");
            assertThat(condition(s, "ScalingHeld").getReason()).isEqualTo("ClusterizationInProgress");
            assertThat(s.backends.desired).isEqualTo(8);
            assertThat(s.backends.applied).isEqualTo(6);
        });
        assertSixKeptForTwoMoreReconciles(cluster, "held");

        simulator.releaseClusterization();
        await("desired capacity 8 once clusterized").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(asg(cluster).desiredCapacity()).isEqualTo(8));
        awaitStatus(cluster, "the change applied", s -> {
            assertThat(condition(s, "ScalingHeld").getReason()).isEqualTo("CountApplied");
            assertThat(s.backends.summary).isEqualTo("8/8");
            assertThat(s.phase).isEqualTo(Phase.Ready);
        });
        assertThat(clusterizeHostsNum("held")).isEqualTo("8");
    }

    @Test
    void fewerThanSixBackendsIsRefusedOnUpdate() {
        Resource<WekaCluster> cluster = cluster("floor");

        assertThatThrownBy(() -> scale(cluster, 5)).isInstanceOf(KubernetesClientException.class).hasMessageContaining("spec.backends.count");
        assertThat(cluster.get().getSpec().backends.count).isEqualTo(6);
    }

    @Test
    void aFailingStatusFunctionIsAConditionAndNoHotLoop() {
        Resource<WekaCluster> cluster = cluster("failing");
        simulator = WekaSimulator.start(cluster.get(), TICK);
        awaitStatus(cluster, "Ready", s -> assertThat(s.phase).isEqualTo(Phase.Ready));

        int before;
        int during;
        try (CapturedLog log = CapturedLog.of(WekaClusterReconciler.class.getName())) {
            simulator.failStatusFunction();
            awaitStatus(cluster, "the failure reported", s -> {
                assertThat(condition(s, "WekaHealthy").getStatus()).isEqualTo("False");
                assertThat(condition(s, "WekaHealthy").getReason()).isEqualTo("StatusFunctionFailed");
                assertThat(condition(s, "WekaHealthy").getMessage())
                        .contains("failing-status-lambda failed (Unhandled)").contains("simulated failure");
                assertThat(condition(s, "Ready").getReason()).isEqualTo("StatusFunctionFailed");
                assertThat(s.phase).isEqualTo(Phase.Degraded);
                assertThat(s.weka.ioStatus).as("the last known status stays").isEqualTo("STARTED");
            });
            before = operator.reconciles(namespace, "failing");
            Duration window = Duration.ofSeconds(8);
            await("a measuring window").pollDelay(window).atMost(window.plusSeconds(1)).until(() -> true);
            during = operator.reconciles(namespace, "failing") - before;
            assertThat(log.lines()).as("one WARN line, on the transition, not one per pass")
                    .filteredOn(l -> l.message().startsWith("the cluster is Degraded")).singleElement()
                    .satisfies(l -> {
                        assertThat(l.level().intValue()).isEqualTo(Level.WARNING.intValue());
                        assertThat(l.namespace()).isEqualTo(namespace);
                        assertThat(l.name()).isEqualTo("failing");
                        assertThat(l.message()).startsWith("the cluster is Degraded: StatusFunctionFailed: ")
                                .contains("simulated failure");
                    });
        }
        // Polled every 2 s while not Ready: about 4 reconciles; a hot loop would make dozens.
        assertThat(during).isBetween(1, 7);
        assertThat(warnings("failing", "Degraded")).singleElement().satisfies(e -> assertThat(e.getMessage())
                .startsWith("the cluster is Degraded: StatusFunctionFailed: ").contains("simulated failure"));

        simulator.recoverStatusFunction();
        awaitStatus(cluster, "Ready again", s -> assertThat(s.phase).isEqualTo(Phase.Ready));
    }

    @Test
    void aClusterThatCannotSucceedTurnsFailedWithAWarningEvent() {
        client.secrets().inNamespace(namespace).withName("get-weka-io").delete();
        Resource<WekaCluster> cluster = cluster("tokenless");

        awaitStatus(cluster, "Failed", s -> assertThat(s.phase).isEqualTo(Phase.Failed));
        await("the Warning event").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(warnings("tokenless", "Failed")).singleElement()
                        .satisfies(e -> assertThat(e.getMessage()).isEqualTo("the cluster is Failed: "
                                + "TokenSecretNotFound: Secret " + namespace + "/get-weka-io (weka.tokenSecretRef) "
                                + "not found")));
    }

    /** The Warning events with this reason recorded on one WekaCluster of the test's namespace. */
    private List<Event> warnings(String clusterName, String reason) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> clusterName.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())
                        && "Warning".equals(e.getType()))
                .toList();
    }

    @Test
    void anUnreadableStateItemIsAConditionAndHoldsTheCount() {
        Resource<WekaCluster> cluster = cluster("corrupt");
        awaitStatus(cluster, "the state item", s -> assertThat(s.clusterization.target).isEqualTo(6));
        try (DynamoDbClient dynamo = DynamoDbClient.builder().region(Region.US_EAST_1).build()) {
            dynamo.updateItem(r -> r.tableName("weka-corrupt-weka-deployment")
                    .key(Map.of("Key", AttributeValue.fromS("weka-corrupt-state")))
                    .updateExpression("SET #v.clusterized = :s").expressionAttributeNames(Map.of("#v", "Value"))
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("yes"))));
        }
        awaitStatus(cluster, "the unreadable state", s -> {
            assertThat(condition(s, "Clusterized").getReason()).isEqualTo("StateUnreadable");
            assertThat(condition(s, "Clusterized").getMessage())
                    .isEqualTo("state item Value.clusterized is not a boolean (found S)");
            assertThat(s.phase).isEqualTo(Phase.Clusterizing);
        });

        scale(cluster, 8);
        awaitStatus(cluster, "the change held while nobody knows whether WEKA clusterizes", s -> {
            assertThat(condition(s, "ScalingHeld").getStatus()).isEqualTo("True");
            assertThat(condition(s, "ScalingHeld").getReason()).isEqualTo("StateUnreadable");
            assertThat(s.backends.applied).isEqualTo(6);
        });
        assertSixKeptForTwoMoreReconciles(cluster, "corrupt");
    }

    @Test
    void driftInAwsIsPutBackWithinTheResyncAndRecordedAsEvents() {
        Resource<WekaCluster> cluster = cluster("drift");
        simulator = WekaSimulator.start(cluster.get(), TICK);
        WekaClusterStatus ready = awaitStatusAndGet(cluster, "Ready", s -> assertThat(s.phase).isEqualTo(Phase.Ready));
        ClusterNames names = new ClusterNames(cluster.get());
        String groupId = ready.outputs.securityGroupIds.get(0);

        try (AutoScalingClient autoScaling = AutoScalingClient.builder().region(Region.US_EAST_1).build();
                LambdaClient lambda = LambdaClient.builder().region(Region.US_EAST_1).build();
                EventBridgeClient events = EventBridgeClient.builder().region(Region.US_EAST_1).build();
                Ec2Client ec2 = Ec2Client.builder().region(Region.US_EAST_1).build();
                ElasticLoadBalancingV2Client elb = ElasticLoadBalancingV2Client.builder().region(Region.US_EAST_1).build()) {
            String loadBalancerArn = elb.describeLoadBalancers(r -> r.names(names.loadBalancer())).loadBalancers().get(0)
                    .loadBalancerArn();
            elb.deleteListener(r -> r.listenerArn(listener(elb, loadBalancerArn, 14000)));
            autoScaling.setDesiredCapacity(r -> r.autoScalingGroupName(names.autoScalingGroup()).desiredCapacity(9));
            lambda.deleteFunction(r -> r.functionName(names.function(WekaFunction.FETCH)));
            events.removeTargets(r -> r.rule(names.scaleDownRule()).ids(events.listTargetsByRule(t -> t
                    .rule(names.scaleDownRule())).targets().stream().map(t -> t.id()).toList()));
            events.deleteRule(r -> r.name(names.scaleDownRule()));
            ec2.revokeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(p -> p.ipProtocol("-1")
                    .userIdGroupPairs(g -> g.groupId(groupId))));

            await("the declared state back").atMost(CONVERGED).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                    .untilAsserted(() -> {
                        assertThat(asg(cluster).desiredCapacity()).isEqualTo(6);
                        assertThat(listener(elb, loadBalancerArn, 14000)).isNotNull();
                        assertThat(lambda.getFunction(r -> r.functionName(names.function(WekaFunction.FETCH)))).isNotNull();
                        assertThat(events.listTargetsByRule(r -> r.rule(names.scaleDownRule())).targets()).hasSize(1);
                        assertThat(ec2.describeSecurityGroupRules(r -> r.filters(f -> f.name("group-id").values(groupId)))
                                .securityGroupRules()).anySatisfy(rule -> {
                                    assertThat(rule.isEgress()).isFalse();
                                    assertThat(rule.referencedGroupInfo().groupId()).isEqualTo(groupId);
                                });
                    });
        }
        await("an event for each correction").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                        .extracting(e -> e.getReason() + " " + e.getMessage())
                        .anyMatch(m -> m.startsWith("Updated updated AutoScalingGroup " + names.autoScalingGroup()))
                        .anyMatch(m -> m.startsWith("Created created LambdaFunction " + names.function(WekaFunction.FETCH)))
                        .anyMatch(m -> m.startsWith("Created created EventRule " + names.scaleDownRule()))
                        .anyMatch(m -> m.startsWith("Updated updated SecurityGroup"))
                        .anyMatch(m -> m.contains("Listener")));
    }

    @Test
    void whilePausedNoAwsCallIsMadeAndResumingConverges() {
        Resource<WekaCluster> cluster = cluster("pause");
        simulator = WekaSimulator.start(cluster.get(), TICK);
        awaitStatus(cluster, "Ready", s -> assertThat(s.phase).isEqualTo(Phase.Ready));

        cluster.edit(c -> {
            c.getMetadata().getAnnotations().put(WekaCluster.PAUSE_ANNOTATION, "true");
            return c;
        });
        awaitStatus(cluster, "Paused", s -> assertThat(condition(s, "Paused").getStatus()).isEqualTo("True"));
        scale(cluster, 8);
        int reconciles = operator.reconciles(namespace, "pause");
        await("the edit seen while paused").atMost(CONVERGED).until(() -> operator.reconciles(namespace, "pause") > reconciles);
        double calls = operator.awsCalls();
        await("a paused window").pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
        assertThat(operator.awsCalls()).as("AWS calls while paused").isEqualTo(calls);
        assertThat(asg(cluster).desiredCapacity()).isEqualTo(6);

        cluster.edit(c -> {
            c.getMetadata().getAnnotations().remove(WekaCluster.PAUSE_ANNOTATION);
            return c;
        });
        await("desired capacity 8 after resuming").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(asg(cluster).desiredCapacity()).isEqualTo(8));
        awaitStatus(cluster, "Ready with 8", s -> {
            assertThat(condition(s, "Paused").getStatus()).isEqualTo("False");
            assertThat(s.backends.summary).isEqualTo("8/8");
        });
    }

    /** Over two more reconciles, the group and the clusterize function keep the 6 backends WEKA may clusterize. */
    private void assertSixKeptForTwoMoreReconciles(Resource<WekaCluster> cluster, String name) {
        int reconciles = operator.reconciles(namespace, name);
        await("two more reconciles").atMost(CONVERGED).until(() -> operator.reconciles(namespace, name)
                >= reconciles + 2);
        assertThat(asg(cluster).desiredCapacity()).as("the group keeps its count").isEqualTo(6);
        assertThat(clusterizeHostsNum(name)).as("so does the clusterize function").isEqualTo("6");
    }

    /** A merge patch of the count alone, as `kubectl patch` or `kubectl scale` would send it. */
    private static void scale(Resource<WekaCluster> cluster, int count) {
        cluster.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"backends\":{\"count\":" + count + "}}}");
    }

    private static String listener(ElasticLoadBalancingV2Client elb, String loadBalancerArn, int port) {
        return elb.describeListeners(r -> r.loadBalancerArn(loadBalancerArn)).listeners().stream()
                .filter(l -> l.port() == port).findFirst().orElseThrow().listenerArn();
    }

    private static String clusterizeHostsNum(String cluster) {
        try (LambdaClient lambda = LambdaClient.builder().region(Region.US_EAST_1).build()) {
            return lambda.getFunctionConfiguration(r -> r.functionName("weka-" + cluster + "-clusterize-lambda"))
                    .environment().variables().get("HOSTS_NUM");
        }
    }

    private static AutoScalingGroup asg(Resource<WekaCluster> cluster) {
        try (AutoScalingClient autoScaling = AutoScalingClient.builder().region(Region.US_EAST_1).build()) {
            return autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames("weka-"
                    + cluster.get().clusterName() + "-autoscaling-group")).autoScalingGroups().get(0);
        }
    }
}
