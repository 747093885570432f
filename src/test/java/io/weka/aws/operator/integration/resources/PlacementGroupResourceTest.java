package io.weka.aws.operator.integration.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.ResourceConflictException;
import io.weka.aws.operator.resources.ec2.PlacementGroupResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.PlacementGroup;
import software.amazon.awssdk.services.ec2.model.PlacementStrategy;
import software.amazon.awssdk.services.ec2.model.Tag;

class PlacementGroupResourceTest {
    private static final String SPEC = """
            region: us-east-1
            weka: {version: "4.4.10", tokenSecretRef: {name: t}}
            """;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private final PlacementGroupResource resource = new PlacementGroupResource();
    private String namespace;

    @BeforeEach
    void emptyAccount() {
        LocalAws.reset();
        namespace = LocalKubernetes.newNamespace("pg");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void createsTheModulesClusterPlacementGroupWithTheClusterTags() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);

        resource.converge(context);

        PlacementGroup group = describe(context, "weka-prod-placement-group");
        assertThat(group.strategy()).isEqualTo(PlacementStrategy.CLUSTER);
        assertThat(tags(group)).containsEntry("weka_cluster_name", "prod")
                .containsEntry("weka.io/cluster-uid", cluster.getMetadata().getUid())
                .containsEntry("weka.io/cluster", namespace + "/prod")
                .containsEntry("aws-apn-id", "pc:epkj0ftddjwa38m3oq9umjjlm");
        assertThat(context.require(Facts.PLACEMENT_GROUP_NAME)).isEqualTo("weka-prod-placement-group");
        assertThat(context.changes()).extracting(ClusterContext.Change::action).containsExactly("Created");
    }

    @Test
    void aSecondConvergeAdoptsItWithoutAnyMutatingCall() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        resource.converge(TestClusters.context(cluster, aws));
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);

        ClusterContext second = TestClusters.context(cluster, aws);
        resource.converge(second);

        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(second.changes()).isEmpty();
        assertThat(second.require(Facts.PLACEMENT_GROUP_NAME)).isEqualTo("weka-prod-placement-group");
        assertThat(second.aws().ec2().describePlacementGroups().placementGroups()).hasSize(1);
    }

    @Test
    void aNamedGroupIsUsedAndNothingIsCreated() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC + "backends: {placementGroupName: shared-pg}\n");
        ClusterContext context = TestClusters.context(cluster, aws);

        resource.converge(context);

        assertThat(context.require(Facts.PLACEMENT_GROUP_NAME)).isEqualTo("shared-pg");
        assertThat(context.aws().ec2().describePlacementGroups().placementGroups()).isEmpty();
    }

    @Test
    void isNotWantedWhenPlacementGroupsAreOff() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC + "backends: {usePlacementGroup: false}\n");

        assertThat(resource.wanted(cluster.getSpec())).isFalse();
    }

    @Test
    void aNamesakeOfAnotherClusterIsNotTakenOver() {
        WekaCluster other = TestClusters.stored(LocalKubernetes.newNamespace("other"), "prod", SPEC);
        resource.converge(TestClusters.context(other, aws));
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);

        assertThatThrownBy(() -> resource.converge(TestClusters.context(cluster, aws)))
                .isInstanceOf(ResourceConflictException.class).hasMessageContaining("belongs to other-");
    }

    @Test
    void deleteRemovesThisClustersGroupAndLeavesANamesake() {
        WekaCluster other = TestClusters.stored(LocalKubernetes.newNamespace("other"), "prod", SPEC);
        resource.converge(TestClusters.context(other, aws));
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);

        assertThat(resource.delete(TestClusters.context(cluster, aws))).isEqualTo(Removal.GONE);
        ClusterContext owner = TestClusters.context(other, aws);
        assertThat(owner.aws().ec2().describePlacementGroups().placementGroups()).hasSize(1);

        assertThat(resource.delete(owner)).isEqualTo(Removal.GONE);
        assertThat(owner.aws().ec2().describePlacementGroups().placementGroups()).isEmpty();
        assertThat(owner.changes()).extracting(ClusterContext.Change::action).containsExactly("Deleted");
    }

    private static PlacementGroup describe(ClusterContext context, String name) {
        return context.aws().ec2().describePlacementGroups(r -> r.groupNames(name)).placementGroups().get(0);
    }

    private static Map<String, String> tags(PlacementGroup group) {
        return group.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
