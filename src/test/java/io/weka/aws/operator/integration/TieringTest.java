package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.model.IamPolicies;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.AppliedClusters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

/** Issue 4's tiering: the bucket named or created, the backends' S3 policy and clusterize's settings, end to end. */
class TieringTest extends OperatorScenario {

    TieringTest() {
        super("tiering");
    }

    @Test
    void theTieringExampleUsesItsOwnBucketAndCreatesNone() throws IOException {
        String example = Files.readString(Path.of("examples", "tiering.yaml"))
                .replace("region: us-east-2", "region: " + LocalAws.REGION);
        WekaCluster cluster = AppliedClusters.awaitInfrastructureReady(AppliedClusters.applyYaml(namespace, example));
        String c = cluster.clusterName();

        assertThat(buckets()).containsExactly("weka-tf-aws-releases-" + LocalAws.REGION);
        assertThat(clusterize(c)).containsEntry("SET_OBS", "true")
                .containsEntry("OBS_NAME", "weka-tiering-archive-111122223333")
                .containsEntry("OBS_TIERING_SSD_PERCENT", "20")
                .containsEntry("TIERING_TARGET_SSD_RETENTION", "86400")
                .containsEntry("TIERING_START_DEMOTE", "10");
        assertThat(obsPolicyResources(c)).containsExactly("arn:aws:s3:::weka-tiering-*");
    }

    @Test
    void theCreatedBucketAndItsPolicyGoWhenTieringIsTurnedOff() throws IOException {
        String minimal = Files.readString(Path.of("examples", "minimal.yaml"));
        Resource<WekaCluster> cluster = AppliedClusters.applyYaml(namespace,
                minimal.replace("  name: poc", "  name: tiered")
                        .replace("  region: us-east-1", "  region: us-east-1\n  tiering: {enabled: true}"));
        await("tiering bucket and policy").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().untilAsserted(() -> {
                    assertThat(buckets()).contains("weka-tiered-obs");
                    assertThat(obsPolicyResources("tiered")).containsExactly("arn:aws:s3:::weka-tiered-obs*");
                    assertThat(clusterize("tiered")).containsEntry("SET_OBS", "true").containsEntry("OBS_NAME", "weka-tiered-obs");
                });

        cluster.edit(c -> {
            c.getSpec().tiering.enabled = false;
            return c;
        });

        await("tiering removed").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().untilAsserted(() -> {
                    assertThat(buckets()).containsExactly("weka-tf-aws-releases-" + LocalAws.REGION);
                    assertThat(localPolicies()).doesNotContain("weka-tiered-obs-policy").contains("weka-tiered-eni-policy");
                    assertThat(clusterize("tiered")).containsEntry("SET_OBS", "false").containsEntry("OBS_NAME", "");
                });
    }

    private static List<String> buckets() {
        try (S3Client s3 = S3Client.builder().region(Region.of(LocalAws.REGION)).forcePathStyle(true).build()) {
            return s3.listBuckets().buckets().stream().map(Bucket::name).toList();
        }
    }

    private static Map<String, String> clusterize(String cluster) {
        try (LambdaClient lambda = LambdaClient.builder().region(Region.of(LocalAws.REGION)).build()) {
            return lambda.getFunctionConfiguration(r -> r.functionName("weka-" + cluster + "-clusterize-lambda"))
                    .environment().variables();
        }
    }

    private static List<String> localPolicies() {
        try (IamClient iam = IamClient.builder().region(Region.AWS_GLOBAL).build()) {
            return iam.listPolicies(r -> r.scope("Local")).policies().stream().map(p -> p.policyName()).toList();
        }
    }

    /** The S3 resources of the obs policy attached to the backends' role. */
    private static List<String> obsPolicyResources(String cluster) {
        try (IamClient iam = IamClient.builder().region(Region.AWS_GLOBAL).build()) {
            String arn = iam.listAttachedRolePolicies(r -> r.roleName("weka-" + cluster + "-iam-role")).attachedPolicies()
                    .stream().filter(p -> p.policyName().equals("weka-" + cluster + "-obs-policy")).findFirst()
                    .orElseThrow().policyArn();
            String version = iam.getPolicy(r -> r.policyArn(arn)).policy().defaultVersionId();
            JsonNode document = IamPolicies.parse(iam.getPolicyVersion(r -> r.policyArn(arn).versionId(version))
                    .policyVersion().document());
            List<String> resources = new ArrayList<>();
            document.at("/Statement/0/Resource").forEach(r -> resources.add(r.asText()));
            return resources;
        }
    }
}
