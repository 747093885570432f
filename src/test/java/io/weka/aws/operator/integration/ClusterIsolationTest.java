package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.dsl.Resource;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.testenv.AppliedClusters;
import io.weka.aws.operator.testenv.AwsLeftovers;
import io.weka.aws.operator.testenv.LocalAws;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * A WekaCluster never touches what carries another one's identity, whatever the names: a namesake in another
 * namespace, a scratch cluster given the same clusterName, or a cluster applied again after its predecessor was
 * deleted with Retain. The first keeps every resource and every backend, running and protected.
 */
class ClusterIsolationTest extends OperatorScenario {
    private static final Path MINIMAL = Path.of("examples", "minimal.yaml");

    ClusterIsolationTest() {
        super("isolation");
    }

    @Test
    void aNamesakeInAnotherNamespaceIsRefusedBeforeAnyAwsCallAndDeletingItLeavesTheFirstWhole() {
        Resource<WekaCluster> first = AppliedClusters.apply(namespace, MINIMAL);
        String otherNamespace = operator.anotherNamespace("isolation-other");

        refusedAndHarmless(first, () -> AppliedClusters.apply(otherNamespace, MINIMAL));
    }

    @Test
    void aScratchClusterWithTheSameClusterNameIsRefusedBeforeAnyAwsCallAndDeletingItLeavesTheFirstWhole() {
        Resource<WekaCluster> first = AppliedClusters.apply(namespace, MINIMAL);

        refusedAndHarmless(first, () -> AppliedClusters.applyYaml(namespace, """
                apiVersion: aws.weka.io/v1alpha1
                kind: WekaCluster
                metadata: {name: scratch}
                spec:
                  region: us-east-1
                  clusterName: poc
                  weka: {version: "4.4.10", tokenSecretRef: {name: get-weka-io}}
                """));
    }

    @Test
    void aClusterAppliedAgainAfterARetainedOneIsInConflictAndDeletingItLeavesTheRetainedOneWhole() {
        Resource<WekaCluster> retained = AppliedClusters.applyYaml(namespace, minimalYaml()
                .replace("  region: us-east-1", "  region: us-east-1\n  deletionPolicy: Retain"));
        WekaCluster ready = AppliedClusters.awaitInfrastructureReady(retained);
        Snapshot before = Snapshot.of(ready);
        retained.delete();
        awaitGone(retained);

        Resource<WekaCluster> again = AppliedClusters.applyYaml(namespace, minimalYaml()
                .substring(minimalYaml().indexOf("apiVersion: aws.weka.io")));
        await("the new cluster reports the retained one's resources as a conflict").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .untilAsserted(() -> assertThat(again.get().getStatus().conditions).anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("InfrastructureReady");
                    assertThat(c.getReason()).isEqualTo("ResourceConflict");
                }));
        again.delete();
        awaitGone(again);

        before.assertUnchanged(ready);
    }

    /**
     * The first cluster converges and is paused (so that it makes no AWS call); the namesake is refused with a
     * condition naming the first and without any AWS call, then deleted; the first has lost nothing.
     */
    private void refusedAndHarmless(Resource<WekaCluster> first, Supplier<Resource<WekaCluster>> applyNamesake) {
        WekaCluster ready = AppliedClusters.awaitInfrastructureReady(first);
        Snapshot before = Snapshot.of(ready);
        first.edit(c -> {
            c.getMetadata().setAnnotations(Map.of(WekaCluster.PAUSE_ANNOTATION, "true"));
            return c;
        });
        AppliedClusters.awaitCondition(first, "Paused", "True", Duration.ofSeconds(30));
        double callsBefore = operator.awsCalls();

        Resource<WekaCluster> namesake = applyNamesake.get();

        WekaCluster refused = AppliedClusters.awaitCondition(namesake, "Synced", "False", Duration.ofSeconds(30));
        assertThat(refused.getStatus().conditions).filteredOn(c -> c.getType().equals("Synced")).singleElement()
                .satisfies(c -> {
                    assertThat(c.getReason()).isEqualTo("NameConflict");
                    assertThat(c.getMessage()).contains("WekaCluster " + namespace + "/" + ready.getMetadata().getName());
                });
        assertThat(operator.awsCalls()).as("AWS calls for the refused namesake").isEqualTo(callsBefore);

        namesake.delete();
        awaitGone(namesake);

        before.assertUnchanged(ready);
    }

    private static void awaitGone(Resource<WekaCluster> cluster) {
        await("the WekaCluster released").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> cluster.get() == null);
    }

    private static String minimalYaml() {
        try {
            return Files.readString(MINIMAL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything of a cluster in AWS, and its backends protected as the launch template asks (and AWS does). */
    private record Snapshot(List<String> resources, List<String> instanceIds) {
        static Snapshot of(WekaCluster cluster) {
            try (Ec2Client ec2 = ec2()) {
                List<String> ids = live(ec2).stream().map(Instance::instanceId).toList();
                ids.forEach(id -> {
                    ec2.modifyInstanceAttribute(r -> r.instanceId(id).disableApiTermination(b -> b.value(true)));
                    ec2.modifyInstanceAttribute(r -> r.instanceId(id).disableApiStop(b -> b.value(true)));
                });
                assertThat(ids).as("the first cluster's backends").hasSize(6);
                return new Snapshot(AwsLeftovers.of(cluster), ids);
            }
        }

        void assertUnchanged(WekaCluster cluster) {
            assertThat(AwsLeftovers.of(cluster)).containsExactlyInAnyOrderElementsOf(resources);
            try (Ec2Client ec2 = ec2()) {
                assertThat(live(ec2)).extracting(Instance::instanceId).containsExactlyInAnyOrderElementsOf(instanceIds);
                for (String id : instanceIds) {
                    assertThat(Map.of(
                            "termination", ec2.describeInstanceAttribute(r -> r.instanceId(id)
                                    .attribute(InstanceAttributeName.DISABLE_API_TERMINATION)).disableApiTermination().value(),
                            "stop", ec2.describeInstanceAttribute(r -> r.instanceId(id)
                                    .attribute(InstanceAttributeName.DISABLE_API_STOP)).disableApiStop().value()))
                            .as("protection of " + id).containsOnly(Map.entry("termination", true), Map.entry("stop", true));
                }
            }
        }

        private static List<Instance> live(Ec2Client ec2) {
            return ec2.describeInstances().reservations().stream().flatMap(r -> r.instances().stream())
                    .filter(i -> i.state().name() == InstanceStateName.RUNNING
                            || i.state().name() == InstanceStateName.PENDING).toList();
        }

        private static Ec2Client ec2() {
            return Ec2Client.builder().region(Region.of(LocalAws.REGION)).build();
        }
    }
}
