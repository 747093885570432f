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
import io.weka.aws.operator.resources.kms.SecretsKmsKeyResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.Tag;

class SecretsKmsKeyResourceTest {
    private static final String SPEC = """
            region: us-east-1
            weka: {version: "4.4.10", tokenSecretRef: {name: weka-token}}
            secretsManager: {createKmsKey: true}
            """;
    private static final String ALIAS = "alias/weka-prod-secrets";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private final SecretsKmsKeyResource resource = new SecretsKmsKeyResource();
    private String namespace;
    private String lambdaRole;

    @BeforeEach
    void emptyAccountWithALambdaRole() {
        LocalAws.reset();
        namespace = LocalKubernetes.newNamespace("kms");
        WekaCluster any = TestClusters.stored(namespace, "setup", SPEC);
        lambdaRole = TestClusters.context(any, aws).aws().iam().createRole(r -> r.roleName("weka-prod-lambda-role")
                .assumeRolePolicyDocument("""
                        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
                        "Principal":{"Service":"lambda.amazonaws.com"}}]}""")).role().arn();
    }

    @AfterEach
    void close() {
        aws.close();
    }

    private ClusterContext context(WekaCluster cluster) {
        ClusterContext context = TestClusters.context(cluster, aws);
        context.publish(Facts.LAMBDA_ROLE_ARN, lambdaRole);
        return context;
    }

    @Test
    void createsTheKmsModulesKeyWithItsAliasPolicyRotationAndTags() throws Exception {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext context = context(cluster);

        resource.converge(context);

        KmsClient kms = context.aws().kms();
        KeyMetadata key = kms.describeKey(r -> r.keyId(ALIAS)).keyMetadata();
        assertThat(key.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(context.require(Facts.SECRETS_KMS_KEY_ARN)).isEqualTo(key.arn());
        JsonNode policy = JSON.readTree(kms.getKeyPolicy(r -> r.keyId(key.keyId()).policyName("default")).policy());
        assertThat(policy).isEqualTo(JSON.readTree(SecretsKmsKeyResource.policy(LocalAws.ACCOUNT_ID, lambdaRole)));
        assertThat(policy.at("/Statement/0/Principal/AWS").asText()).isEqualTo("arn:aws:iam::123456789012:root");
        assertThat(policy.at("/Statement/1/Principal/AWS").asText()).isEqualTo(lambdaRole);
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).keyRotationEnabled()).isTrue();
        assertThat(tags(kms, key)).containsEntry("Name", "weka-prod-secrets")
                .containsEntry("aws-apn-id", "pc:epkj0ftddjwa38m3oq9umjjlm")
                .containsEntry("weka.io/cluster-uid", cluster.getMetadata().getUid());
        assertThat(context.changes()).extracting(ClusterContext.Change::action).containsExactly("Created");
    }

    @Test
    void theKmsCustomPrefixNamesTheAlias() {
        ClusterContext context = context(TestClusters.stored(namespace, "prod", SPEC + "customPrefix: {kms: keys}\n"));

        resource.converge(context);

        assertThat(context.aws().kms().listAliases().aliases()).extracting(AliasListEntry::aliasName)
                .contains("alias/keys-prod-secrets");
    }

    @Test
    void aSecondConvergeMakesNoMutatingCall() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        resource.converge(context(cluster));
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);

        ClusterContext second = context(cluster);
        resource.converge(second);

        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(second.changes()).isEmpty();
        assertThat(second.aws().kms().listKeys().keys()).hasSize(1);
    }

    @Test
    void policyRotationAndStateDriftIsRepaired() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext context = context(cluster);
        resource.converge(context);
        KmsClient kms = context.aws().kms();
        String keyId = kms.describeKey(r -> r.keyId(ALIAS)).keyMetadata().keyId();
        kms.putKeyPolicy(r -> r.keyId(keyId).policyName("default").policy(
                SecretsKmsKeyResource.policy(LocalAws.ACCOUNT_ID, "arn:aws:iam::123456789012:role/someone-else")));
        kms.disableKeyRotation(r -> r.keyId(keyId));
        kms.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));

        ClusterContext again = context(cluster);
        resource.converge(again);

        assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(kms.getKeyPolicy(r -> r.keyId(keyId).policyName("default")).policy()).contains(lambdaRole);
        assertThat(kms.getKeyRotationStatus(r -> r.keyId(keyId)).keyRotationEnabled()).isTrue();
        assertThat(again.changes()).extracting(ClusterContext.Change::detail)
                .containsExactly("deletion cancelled", "enabled", "key policy", "key rotation");
        assertThat(kms.listKeys().keys()).hasSize(1);
    }

    @Test
    void aGivenKeyIsPublishedAsItIsAndNothingIsCreated() {
        String given = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";
        WekaCluster cluster = TestClusters.stored(namespace, "prod", """
                region: us-east-1
                weka: {version: "4.4.10", tokenSecretRef: {name: weka-token}}
                secretsManager: {kmsKeyId: "%s"}
                """.formatted(given));
        ClusterContext context = context(cluster);

        assertThat(resource.wanted(cluster.getSpec())).isTrue();
        resource.converge(context);

        assertThat(context.require(Facts.SECRETS_KMS_KEY_ARN)).isEqualTo(given);
        assertThat(context.aws().kms().listKeys().keys()).isEmpty();
        assertThat(TestClusters.mutatingCalls(metrics)).doesNotContainKey("KMS:CreateKey");
    }

    @Test
    void isNotWantedByDefault() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", """
                region: us-east-1
                weka: {version: "4.4.10", tokenSecretRef: {name: weka-token}}
                """);

        assertThat(resource.wanted(cluster.getSpec())).isFalse();
    }

    @Test
    void aNamesakeOfAnotherClusterIsNotTakenOver() {
        WekaCluster other = TestClusters.stored(LocalKubernetes.newNamespace("other"), "prod", SPEC);
        resource.converge(context(other));
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);

        assertThatThrownBy(() -> resource.converge(context(cluster)))
                .isInstanceOf(ResourceConflictException.class).hasMessageContaining("belongs to other-");
    }

    private static Map<String, String> tags(KmsClient kms, KeyMetadata key) {
        return kms.listResourceTags(r -> r.keyId(key.keyId())).tags().stream()
                .collect(Collectors.toMap(Tag::tagKey, Tag::tagValue));
    }
}
