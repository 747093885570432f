package io.weka.aws.operator.integration.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.ResourceConflictException;
import io.weka.aws.operator.resources.kms.EbsKmsKeyResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.Tag;

class EbsKmsKeyResourceTest {
    private static final String AUTO_SCALING_ROLE = "arn:aws:iam::" + LocalAws.ACCOUNT_ID
            + ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private final EbsKmsKeyResource resource = new EbsKmsKeyResource();
    private String namespace;

    @BeforeEach
    void emptyAccount() {
        LocalAws.reset();
        namespace = LocalKubernetes.newNamespace("kms");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void createsTheModulesKeyWithAliasPolicyAndRotation() throws Exception {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);

        resource.converge(context);

        KmsClient kms = context.aws().kms();
        KeyMetadata key = kms.describeKey(r -> r.keyId("alias/weka-prod")).keyMetadata();
        assertThat(key.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).keyRotationEnabled()).isTrue();
        assertThat(tags(kms, key.keyId())).containsEntry("Name", "weka-prod")
                .containsEntry("weka.io/cluster-uid", cluster.getMetadata().getUid())
                .containsEntry("aws-apn-id", "pc:epkj0ftddjwa38m3oq9umjjlm");
        JsonNode policy = new ObjectMapper().readTree(kms.getKeyPolicy(r -> r.keyId(key.keyId()).policyName("default"))
                .policy());
        assertThat(policy.get("Id").asText()).isEqualTo("key-default-1");
        assertThat(policy.get("Statement")).hasSize(3);
        assertThat(policy.at("/Statement/0/Principal/AWS").asText())
                .isEqualTo("arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":root");
        assertThat(policy.at("/Statement/0/Action").asText()).isEqualTo("kms:*");
        assertThat(policy.at("/Statement/1/Principal/AWS").asText()).isEqualTo(AUTO_SCALING_ROLE);
        assertThat(policy.at("/Statement/1/Action").toString()).isEqualTo(
                "[\"kms:Encrypt\",\"kms:Decrypt\",\"kms:ReEncrypt*\",\"kms:GenerateDataKey*\",\"kms:DescribeKey\"]");
        assertThat(policy.at("/Statement/2/Action").toString()).isEqualTo("[\"kms:CreateGrant\"]");
        assertThat(policy.at("/Statement/2/Condition/Bool/kms:GrantIsForAWSResource").asBoolean()).isTrue();
        assertThat(context.require(Facts.EBS_KMS_KEY_ARN)).isEqualTo(key.arn());
        assertThat(context.changes()).extracting(ClusterContext.Change::action).containsExactly("Created");
    }

    @Test
    void aSecondConvergeMakesNoMutatingCall() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC);
        resource.converge(TestClusters.context(cluster, aws));
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);

        ClusterContext second = TestClusters.context(cluster, aws);
        resource.converge(second);

        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(second.changes()).isEmpty();
        assertThat(second.aws().kms().listKeys().keys()).hasSize(1);
    }

    /** A crash between CreateKey and CreateAlias leaves a key without alias: it is found, not made again. */
    @Test
    void aKeyLeftWithoutItsAliasIsAdoptedInsteadOfDuplicated() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);
        KmsClient kms = context.aws().kms();
        kms.createKey(r -> r.description("another team's key"));
        String orphan = kms.createKey(r -> r.tags(context.tags().with(Map.of("Name", "weka-prod")).entrySet().stream()
                .map(e -> Tag.builder().tagKey(e.getKey()).tagValue(e.getValue()).build()).toList()))
                .keyMetadata().keyId();

        resource.converge(context);

        assertThat(kms.listKeys().keys()).hasSize(2);
        assertThat(kms.describeKey(r -> r.keyId("alias/weka-prod")).keyMetadata().keyId()).isEqualTo(orphan);
        assertThat(context.require(Facts.EBS_KMS_KEY_ARN)).endsWith(orphan);
    }

    @Test
    void rotationPolicyAndStateChangedByHandAreSetBack() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC);
        ClusterContext first = TestClusters.context(cluster, aws);
        resource.converge(first);
        KmsClient kms = first.aws().kms();
        String keyId = kms.describeKey(r -> r.keyId("alias/weka-prod")).keyMetadata().keyId();
        kms.disableKeyRotation(r -> r.keyId(keyId));
        kms.putKeyPolicy(r -> r.keyId(keyId).policyName("default").policy("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:*",\
                "Resource":"*"}]}"""));
        kms.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));

        ClusterContext second = TestClusters.context(cluster, aws);
        resource.converge(second);

        assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(keyId)).keyRotationEnabled()).isTrue();
        assertThat(kms.getKeyPolicy(r -> r.keyId(keyId).policyName("default")).policy())
                .contains("AWSServiceRoleForAutoScaling");
        assertThat(second.changes()).singleElement().satisfies(c -> assertThat(c.detail())
                .isEqualTo("deletion cancelled, enabled, rotation enabled, key policy restored"));
    }

    @Test
    void aGivenKeyIsPublishedAndNoneIsCreated() {
        String arn = "arn:aws:kms:us-east-1:" + LocalAws.ACCOUNT_ID + ":key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
        ClusterContext context = TestClusters.context(TestClusters.stored(namespace, "prod", BackendFixtures.SPEC
                + "encryption: {kmsKeyId: \"" + arn + "\"}\n"), aws);

        resource.converge(context);

        assertThat(context.require(Facts.EBS_KMS_KEY_ARN)).isEqualTo(arn);
        assertThat(context.aws().kms().listKeys().keys()).isEmpty();
    }

    @Test
    void isNotWantedWithoutEbsEncryption() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC + "encryption: {ebs: false}\n");

        assertThat(resource.wanted(cluster.getSpec())).isFalse();
    }

    @Test
    void aNamesakeOfAnotherClusterIsNotTakenOver() {
        resource.converge(TestClusters.context(TestClusters.stored(LocalKubernetes.newNamespace("other"), "prod",
                BackendFixtures.SPEC), aws));
        ClusterContext context = TestClusters.context(TestClusters.stored(namespace, "prod", BackendFixtures.SPEC), aws);

        assertThatThrownBy(() -> resource.converge(context)).isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining("belongs to other-");
    }

    private static Map<String, String> tags(KmsClient kms, String keyId) {
        return kms.listResourceTags(r -> r.keyId(keyId)).tags().stream()
                .collect(Collectors.toMap(Tag::tagKey, Tag::tagValue));
    }
}
