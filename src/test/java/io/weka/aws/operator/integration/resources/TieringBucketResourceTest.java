package io.weka.aws.operator.integration.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.ResourceConflictException;
import io.weka.aws.operator.resources.s3.TieringBucketResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.OperatorCrash;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

class TieringBucketResourceTest {
    private static final String SPEC = """
            region: us-east-1
            weka: {version: "4.4.10", tokenSecretRef: {name: t}}
            tiering: {enabled: true}
            """;
    private static final String BUCKET = "weka-prod-obs";
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private final TieringBucketResource resource = new TieringBucketResource();
    private String namespace;

    @BeforeEach
    void emptyAccount() {
        LocalAws.reset();
        namespace = LocalKubernetes.newNamespace("obs");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void createsThePrivateEncryptedDefaultBucketWithTheClusterTags() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);

        resource.converge(context);

        S3Client s3 = context.aws().s3();
        assertThat(tags(s3)).containsEntry("weka_cluster_name", "prod")
                .containsEntry("weka.io/cluster-uid", cluster.getMetadata().getUid())
                .containsEntry("aws-apn-id", "pc:epkj0ftddjwa38m3oq9umjjlm");
        PublicAccessBlockConfiguration access = s3.getPublicAccessBlock(r -> r.bucket(BUCKET))
                .publicAccessBlockConfiguration();
        assertThat(access.blockPublicAcls()).isTrue();
        assertThat(access.ignorePublicAcls()).isTrue();
        assertThat(access.blockPublicPolicy()).isTrue();
        assertThat(access.restrictPublicBuckets()).isTrue();
        assertThat(s3.getBucketEncryption(r -> r.bucket(BUCKET)).serverSideEncryptionConfiguration().rules())
                .hasSize(1);
        assertThat(sseAlgorithm(s3)).isEqualTo(ServerSideEncryption.AES256);
        assertThat(context.changes()).extracting(ClusterContext.Change::action).containsExactly("Created");
        assertThat(context.inventory()).extracting(r -> r.name).containsExactly(BUCKET);
    }

    @Test
    void aSecondConvergeMakesNoMutatingCallAndRestoresABlockSomeoneLifted() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        resource.converge(TestClusters.context(cluster, aws));
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);

        ClusterContext second = TestClusters.context(cluster, aws);
        resource.converge(second);
        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(second.changes()).isEmpty();

        second.aws().s3().deletePublicAccessBlock(r -> r.bucket(BUCKET));
        ClusterContext third = TestClusters.context(cluster, aws);
        resource.converge(third);
        assertThat(third.changes()).extracting(ClusterContext.Change::action).containsExactly("Updated");
        assertThat(third.aws().s3().getPublicAccessBlock(r -> r.bucket(BUCKET)).publicAccessBlockConfiguration()
                .restrictPublicBuckets()).isTrue();
    }

    @Test
    void aCrashRightAfterCreateBucketLeavesABucketThatIsStillOursAndIsCompletedNextPass() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        OperatorCrash.afterMutatingCalls(1);
        try {
            assertThatThrownBy(() -> resource.converge(TestClusters.context(cluster, aws)))
                    .hasMessageContaining("S3:CreateBucket");
        } finally {
            OperatorCrash.restart();
        }

        ClusterContext next = TestClusters.context(cluster, aws);
        resource.converge(next);

        S3Client s3 = next.aws().s3();
        assertThat(tags(s3)).containsEntry("weka.io/cluster-uid", cluster.getMetadata().getUid());
        assertThat(s3.getPublicAccessBlock(r -> r.bucket(BUCKET)).publicAccessBlockConfiguration().blockPublicPolicy())
                .isTrue();
        assertThat(sseAlgorithm(s3)).isEqualTo(ServerSideEncryption.AES256);
        assertThat(next.changes()).extracting(c -> c.action() + " " + c.detail()).containsExactlyInAnyOrder(
                "Updated public access blocked", "Updated default encryption restored");
        assertThat(resource.delete(TestClusters.context(cluster, aws))).isEqualTo(Removal.GONE);
        assertThat(buckets(s3)).doesNotContain(BUCKET);
    }

    @Test
    void anOwnBucketThatLostItsEncryptionOrTagsGetsThemBackAndKeepsOthersTags() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext first = TestClusters.context(cluster, aws);
        resource.converge(first);
        S3Client s3 = first.aws().s3();
        s3.deleteBucketEncryption(r -> r.bucket(BUCKET));
        s3.putBucketTagging(r -> r.bucket(BUCKET).tagging(t -> t.tagSet(
                Tag.builder().key("weka.io/cluster-uid").value(cluster.getMetadata().getUid()).build(),
                Tag.builder().key("cost-center").value("storage").build())));

        ClusterContext next = TestClusters.context(cluster, aws);
        resource.converge(next);

        assertThat(next.changes()).extracting(c -> c.action() + " " + c.detail()).containsExactlyInAnyOrder(
                "Updated tags restored", "Updated default encryption restored");
        assertThat(sseAlgorithm(s3)).isEqualTo(ServerSideEncryption.AES256);
        assertThat(tags(s3)).containsEntry("weka_cluster_name", "prod").containsEntry("cost-center", "storage")
                .containsEntry("aws-apn-id", "pc:epkj0ftddjwa38m3oq9umjjlm");
    }

    @Test
    void onlyTieringWithoutANamedBucketWantsIt() {
        assertThat(resource.wanted(TestClusters.stored(namespace, "a", SPEC).getSpec())).isTrue();
        assertThat(resource.wanted(TestClusters.stored(namespace, "b", SPEC.replace("{enabled: true}",
                "{enabled: true, bucket: weka-tiering-archive}")).getSpec())).isFalse();
        assertThat(resource.wanted(TestClusters.stored(namespace, "c", SPEC.replace("{enabled: true}",
                "{enabled: false}")).getSpec())).isFalse();
    }

    @Test
    void aNamesakeOfAnotherClusterIsAConflictAndIsNotDeleted() {
        WekaCluster other = TestClusters.stored(LocalKubernetes.newNamespace("obs-other"), "prod", SPEC);
        resource.converge(TestClusters.context(other, aws));
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);

        assertThatThrownBy(() -> resource.converge(context)).isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining(BUCKET);
        assertThat(resource.delete(context)).isEqualTo(Removal.GONE);
        assertThat(buckets(context.aws().s3())).contains(BUCKET);
    }

    @Test
    void deleteRemovesTheEmptyBucketAndIsIdempotent() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        resource.converge(TestClusters.context(cluster, aws));
        ClusterContext context = TestClusters.context(cluster, aws);

        assertThat(resource.delete(context)).isEqualTo(Removal.GONE);
        assertThat(buckets(context.aws().s3())).doesNotContain(BUCKET);
        assertThat(context.changes()).extracting(ClusterContext.Change::action).containsExactly("Deleted");
        assertThat(resource.delete(TestClusters.context(cluster, aws))).isEqualTo(Removal.GONE);
    }

    @Test
    void aBucketHoldingTieredDataIsKeptAndTheRemovalSaysWhy() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);
        resource.converge(context);
        context.aws().s3().putObject(r -> r.bucket(BUCKET).key("weka/obs/0001"), RequestBody.fromString("data"));

        assertThatThrownBy(() -> resource.delete(TestClusters.context(cluster, aws)))
                .isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining(BUCKET).hasMessageContaining("tiered data");
        assertThat(buckets(context.aws().s3())).contains(BUCKET);

        context.aws().s3().deleteObject(r -> r.bucket(BUCKET).key("weka/obs/0001"));
        assertThat(resource.delete(TestClusters.context(cluster, aws))).isEqualTo(Removal.GONE);
        assertThat(buckets(context.aws().s3())).doesNotContain(BUCKET);
    }

    private static Map<String, String> tags(S3Client s3) {
        return s3.getBucketTagging(r -> r.bucket(BUCKET)).tagSet().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private static ServerSideEncryption sseAlgorithm(S3Client s3) {
        return s3.getBucketEncryption(r -> r.bucket(BUCKET)).serverSideEncryptionConfiguration().rules().get(0)
                .applyServerSideEncryptionByDefault().sseAlgorithm();
    }

    private static List<String> buckets(S3Client s3) {
        return s3.listBuckets().buckets().stream().map(Bucket::name).toList();
    }
}
