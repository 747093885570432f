package io.weka.aws.operator.integration.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.model.ClusterNames;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.InvalidReferenceException;
import io.weka.aws.operator.resources.ResourceConflictException;
import io.weka.aws.operator.resources.secrets.WekaSecretsResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

class WekaSecretsResourceTest {
    private static final String SPEC = """
            region: us-east-1
            weka: {version: "4.4.10", tokenSecretRef: {name: weka-token}}
            """;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private final WekaSecretsResource resource = new WekaSecretsResource();
    /** A made-up token, different in every test; compared, never printed. */
    private final String token = "test-token-" + UUID.randomUUID();
    private String namespace;

    @BeforeEach
    void emptyAccount() {
        LocalAws.reset();
        namespace = LocalKubernetes.newNamespace("secrets");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    private void storeToken(String name, String key, String value) {
        LocalKubernetes.client().secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata()
                .withName(name).endMetadata().withStringData(Map.of(key, value)).build()).serverSideApply();
    }

    @Test
    void createsTheModulesSecretsWithTheirValuesTagsAndArns() {
        storeToken("weka-token", "token", token);
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);
        ClusterNames names = new ClusterNames(cluster);

        resource.converge(context);

        SecretsManagerClient secrets = context.aws().secretsManager();
        List<String> expected = List.of("get_weka_io_token", "weka-username", "weka-password", "weka-deployment-password")
                .stream().map(names::secret).toList();
        assertThat(expected).allMatch(n -> n.startsWith("weka/weka-prod/") && n.matches(".*-[A-Za-z0-9]{4}$"));
        assertThat(secrets.listSecrets().secretList()).extracting(SecretListEntry::name)
                .containsExactlyInAnyOrderElementsOf(expected);
        for (String name : expected) {
            DescribeSecretResponse secret = secrets.describeSecret(r -> r.secretId(name));
            assertThat(tags(secret)).containsEntry("weka_cluster_name", "prod")
                    .containsEntry("weka.io/cluster-uid", cluster.getMetadata().getUid())
                    .containsEntry("weka.io/cluster", namespace + "/prod")
                    .containsEntry("aws-apn-id", "pc:epkj0ftddjwa38m3oq9umjjlm");
            assertThat(secret.kmsKeyId()).isNull();
        }
        assertThat(value(secrets, names.secret("get_weka_io_token")).equals(token))
                .as("the token secret holds the Kubernetes Secret's token").isTrue();
        assertThat(value(secrets, names.secret("weka-username"))).isEqualTo("weka-deployment");
        assertNoValue(secrets, names.secret("weka-password"));
        assertNoValue(secrets, names.secret("weka-deployment-password"));
        assertThat(context.require(Facts.TOKEN_SECRET_ID)).isEqualTo(arn(secrets, names.secret("get_weka_io_token")));
        assertThat(context.require(Facts.USERNAME_SECRET_ID)).isEqualTo(arn(secrets, names.secret("weka-username")));
        assertThat(context.require(Facts.ADMIN_PASSWORD_SECRET_ID)).isEqualTo(arn(secrets, names.secret("weka-password")));
        assertThat(context.require(Facts.DEPLOYMENT_PASSWORD_SECRET_ID))
                .isEqualTo(arn(secrets, names.secret("weka-deployment-password")));
        assertThat(context.changes()).extracting(ClusterContext.Change::action).containsOnly("Created").hasSize(4);
    }

    @Test
    void theSecretsCustomPrefixReplacesWekaSlashPrefix() {
        storeToken("weka-token", "token", token);
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC + "customPrefix: {secrets: team/weka}\n");
        ClusterContext context = TestClusters.context(cluster, aws);

        resource.converge(context);

        assertThat(context.aws().secretsManager().listSecrets().secretList()).extracting(SecretListEntry::name)
                .allMatch(n -> n.startsWith("team/weka-prod/"));
    }

    @Test
    void aSecondConvergeMakesNoMutatingCallAndReadsNoValue() {
        storeToken("weka-token", "token", token);
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        resource.converge(TestClusters.context(cluster, aws));
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);

        ClusterContext second = TestClusters.context(cluster, aws);
        resource.converge(second);

        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(second.changes()).isEmpty();
        assertThat(metrics.find("weka.aws.api.calls").tag("operation", "GetSecretValue").counters()).isEmpty();
        assertThat(second.require(Facts.TOKEN_SECRET_ID)).startsWith("arn:aws:secretsmanager:us-east-1:");
    }

    @Test
    void aChangedKubernetesTokenIsPutAsTheSecretsNewValue() {
        storeToken("weka-token", "token", token);
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        resource.converge(TestClusters.context(cluster, aws));
        String rotated = "test-token-" + UUID.randomUUID();
        storeToken("weka-token", "token", rotated);

        ClusterContext context = TestClusters.context(cluster, aws);
        resource.converge(context);

        String name = new ClusterNames(cluster).secret("get_weka_io_token");
        assertThat(value(context.aws().secretsManager(), name).equals(rotated))
                .as("the token secret follows the Kubernetes Secret").isTrue();
        assertThat(context.changes()).extracting(ClusterContext.Change::action, ClusterContext.Change::name,
                ClusterContext.Change::detail).containsExactly(tuple("Updated", name, "value"));
        String reported = context.changes().toString();
        assertThat(reported.contains(rotated) || reported.contains(token)).as("a token in the reported changes").isFalse();

        ClusterContext third = TestClusters.context(cluster, aws);
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);
        resource.converge(third);
        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
    }

    @Test
    void passwordsWekaHasFilledAreNeverOverwritten() {
        storeToken("weka-token", "token", token);
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);
        resource.converge(context);
        String password = "test-password-" + UUID.randomUUID();
        SecretsManagerClient secrets = context.aws().secretsManager();
        secrets.putSecretValue(r -> r.secretId(context.require(Facts.ADMIN_PASSWORD_SECRET_ID)).secretString(password));
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);

        ClusterContext second = TestClusters.context(cluster, aws);
        resource.converge(second);

        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(value(secrets, second.require(Facts.ADMIN_PASSWORD_SECRET_ID)).equals(password))
                .as("the admin password WEKA wrote stands").isTrue();
    }

    @Test
    void theTrailingNewlineOfATokenSecretMadeFromAFileIsDropped() {
        storeToken("weka-token", "token", token + "\n");
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);

        resource.converge(context);

        assertThat(value(context.aws().secretsManager(), context.require(Facts.TOKEN_SECRET_ID)).equals(token))
                .as("the token secret holds the token without its newline").isTrue();
    }

    @Test
    void anExistingTokenSecretIsPublishedAndNoTokenSecretIsCreated() {
        String existing = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shared/token-AbCdEf";
        WekaCluster cluster = TestClusters.stored(namespace, "prod", """
                region: us-east-1
                weka: {version: "4.4.10", existingTokenSecretId: "%s"}
                """.formatted(existing));
        ClusterContext context = TestClusters.context(cluster, aws);

        resource.converge(context);

        assertThat(context.require(Facts.TOKEN_SECRET_ID)).isEqualTo(existing);
        assertThat(context.aws().secretsManager().listSecrets().secretList()).extracting(SecretListEntry::name)
                .hasSize(3).noneMatch(n -> n.contains("get_weka_io_token"));
    }

    @Test
    void aMissingKubernetesSecretOrKeyIsNamedAndNoValueIsShown() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);

        assertThatThrownBy(() -> resource.converge(TestClusters.context(cluster, aws)))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessage("Secret " + namespace + "/weka-token (weka.tokenSecretRef) not found");
        storeToken("weka-token", "other", token);
        assertThatThrownBy(() -> resource.converge(TestClusters.context(cluster, aws)))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessage("Secret " + namespace + "/weka-token has no non-empty key 'token' (weka.tokenSecretRef)");
        assertThat(TestClusters.mutatingCalls(metrics)).isEmpty();
    }

    @Test
    void theSecretsKmsKeyEncryptsEverySecretAndAChangedKeyIsApplied() {
        storeToken("weka-token", "token", token);
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        resource.converge(TestClusters.context(cluster, aws));
        ClusterContext context = TestClusters.context(cluster, aws);
        String key = context.aws().kms().createKey().keyMetadata().arn();
        context.publish(Facts.SECRETS_KMS_KEY_ARN, key);

        resource.converge(context);

        SecretsManagerClient secrets = context.aws().secretsManager();
        assertThat(secrets.listSecrets().secretList()).hasSize(4).extracting(SecretListEntry::kmsKeyId).containsOnly(key);
        assertThat(context.changes()).extracting(ClusterContext.Change::detail).containsOnly("KMS key").hasSize(4);
        assertThat(value(secrets, context.require(Facts.TOKEN_SECRET_ID)).equals(token))
                .as("the token survives the change of key").isTrue();
    }

    @Test
    void aSecretScheduledForDeletionIsRestored() {
        storeToken("weka-token", "token", token);
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);
        resource.converge(context);
        SecretsManagerClient secrets = context.aws().secretsManager();
        String username = context.require(Facts.USERNAME_SECRET_ID);
        secrets.deleteSecret(r -> r.secretId(username).recoveryWindowInDays(7L));

        ClusterContext again = TestClusters.context(cluster, aws);
        resource.converge(again);

        assertThat(secrets.describeSecret(r -> r.secretId(username)).deletedDate()).isNull();
        assertThat(value(secrets, username)).isEqualTo("weka-deployment");
        assertThat(again.require(Facts.USERNAME_SECRET_ID)).isEqualTo(username);
        assertThat(again.changes()).extracting(ClusterContext.Change::detail)
                .containsExactly("restored from scheduled deletion");
    }

    @Test
    void aNamesakeOfAnotherClusterIsNotTakenOver() {
        storeToken("weka-token", "token", token);
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);
        context.aws().secretsManager().createSecret(r -> r.name(new ClusterNames(cluster).secret("weka-password"))
                .tags(Tag.builder().key("weka.io/cluster-uid").value("another-uid").build(),
                        Tag.builder().key("weka.io/cluster").value("elsewhere/prod").build()));

        assertThatThrownBy(() -> resource.converge(context)).isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining("belongs to elsewhere/prod");
    }

    @Test
    void anInstallUrlWithoutTokenStoresAPlaceholderTheDeployFunctionCanRead() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", """
                region: us-east-1
                weka: {installUrl: "https://example.com/weka.tar"}
                """);
        ClusterContext context = TestClusters.context(cluster, aws);

        resource.converge(context);

        assertThat(value(context.aws().secretsManager(), context.require(Facts.TOKEN_SECRET_ID))).isNotBlank();
    }

    private static Map<String, String> tags(DescribeSecretResponse secret) {
        return secret.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private static String value(SecretsManagerClient secrets, String id) {
        return secrets.getSecretValue(r -> r.secretId(id)).secretString();
    }

    private static String arn(SecretsManagerClient secrets, String name) {
        return secrets.describeSecret(r -> r.secretId(name)).arn();
    }

    private static void assertNoValue(SecretsManagerClient secrets, String name) {
        assertThat(secrets.describeSecret(r -> r.secretId(name)).versionIdsToStages()).isEmpty();
        assertThatThrownBy(() -> secrets.getSecretValue(r -> r.secretId(name)))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
