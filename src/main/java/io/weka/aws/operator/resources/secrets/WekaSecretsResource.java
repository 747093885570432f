package io.weka.aws.operator.resources.secrets;

import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.ResourceConflictException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * The module's secrets ({@code secrets.tf}), named {@code <secret prefix>-<cluster>/<name>-<suffix>}: the get.weka.io
 * token (from the Kubernetes Secret, kept in step with it; none with {@code weka.existingTokenSecretId}), the
 * username {@code weka-deployment}, and the admin and deployment passwords, created empty because WEKA's clusterize
 * function fills them (and they are never written here). A secret scheduled for deletion is restored.
 */
public final class WekaSecretsResource implements AwsResource {
    public static final String USERNAME = "weka-deployment";
    /** On the token secret: a salted SHA-256 of its value, so that a converged reconcile never reads the value. */
    public static final String FINGERPRINT_TAG = "weka.io/value-sha256";
    private static final String DEFAULT_KEY = "alias/aws/secretsmanager";
    /** The module's secret names, after the cluster's prefix. */
    private static final String TOKEN = "get_weka_io_token";
    private static final String USERNAME_SECRET = "weka-username";
    private static final String PASSWORD = "weka-password";
    private static final String DEPLOYMENT_PASSWORD = "weka-deployment-password";

    /** Where a secret's value comes from. */
    enum Value { TOKEN, USERNAME, FILLED_BY_WEKA }

    /** One secret of the module; never holds a value. */
    record Wanted(Fact<String> fact, String name, Value value) {
    }

    @Override
    public String kind() {
        return "SecretsManagerSecret";
    }

    @Override
    public Set<Fact<?>> needs() {
        return Set.of(Facts.SECRETS_KMS_KEY_ARN);
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(Facts.TOKEN_SECRET_ID, Facts.USERNAME_SECRET_ID, Facts.ADMIN_PASSWORD_SECRET_ID,
                Facts.DEPLOYMENT_PASSWORD_SECRET_ID);
    }

    static List<Wanted> wanted(ClusterContext context) {
        List<Wanted> secrets = new ArrayList<>();
        if (context.spec().weka.existingTokenSecretId == null) {
            secrets.add(new Wanted(Facts.TOKEN_SECRET_ID, context.names().secret(TOKEN), Value.TOKEN));
        }
        secrets.add(new Wanted(Facts.USERNAME_SECRET_ID, context.names().secret(USERNAME_SECRET), Value.USERNAME));
        secrets.add(new Wanted(Facts.ADMIN_PASSWORD_SECRET_ID, context.names().secret(PASSWORD),
                Value.FILLED_BY_WEKA));
        secrets.add(new Wanted(Facts.DEPLOYMENT_PASSWORD_SECRET_ID, context.names().secret(DEPLOYMENT_PASSWORD),
                Value.FILLED_BY_WEKA));
        return secrets;
    }

    /** The tags of a secret: the cluster's, plus the token's fingerprint on the token. */
    static Map<String, String> tags(ClusterContext context, Wanted secret, TokenValue token) {
        if (secret.value() != Value.TOKEN) {
            return context.tags().common();
        }
        String salt = context.cluster().getMetadata().getUid();
        return context.tags().with(Map.of(FINGERPRINT_TAG, token.fingerprint(salt)));
    }

    static CreateSecretRequest desired(ClusterContext context, Wanted secret, TokenValue token) {
        return CreateSecretRequest.builder()
                .name(secret.name())
                .kmsKeyId(context.find(Facts.SECRETS_KMS_KEY_ARN).orElse(null))
                .tags(ClusterTags.as(tags(context, secret, token), (k, v) -> Tag.builder().key(k).value(v).build()))
                .secretString(switch (secret.value()) {
                    case TOKEN -> token.value();
                    case USERNAME -> USERNAME;
                    case FILLED_BY_WEKA -> null;
                })
                .build();
    }

    @Override
    public void converge(ClusterContext context) {
        String existingToken = context.spec().weka.existingTokenSecretId;
        TokenValue token = existingToken == null ? TokenValue.read(context) : null;
        SecretsManagerClient secrets = context.aws().secretsManager();
        for (Wanted secret : wanted(context)) {
            CreateSecretRequest desired = desired(context, secret, token);
            Optional<DescribeSecretResponse> actual = describe(secrets, secret.name());
            String arn;
            if (actual.isEmpty()) {
                arn = context.aws().sentOnce().secretsManager().createSecret(desired).arn();
                context.created(kind(), secret.name());
            } else {
                arn = actual.get().arn();
                update(context, secrets, secret, desired, actual.get());
            }
            context.publish(secret.fact(), arn);
            context.owns(kind(), secret.name(), arn);
        }
        if (existingToken != null) {
            context.publish(Facts.TOKEN_SECRET_ID, existingToken);
        }
    }

    private void update(ClusterContext context, SecretsManagerClient secrets, Wanted secret,
            CreateSecretRequest desired, DescribeSecretResponse actual) {
        String name = secret.name();
        Map<String, String> tags = tags(actual);
        if (!context.tags().owns(tags)) {
            throw new ResourceConflictException("secret " + name + " exists but belongs to "
                    + Optional.ofNullable(tags.get(ClusterTags.CLUSTER)).orElse("no WekaCluster"));
        }
        if (actual.deletedDate() != null) {
            secrets.restoreSecret(r -> r.secretId(name));
            context.updated(kind(), name, "restored from scheduled deletion");
        }
        if (!sameKey(context, desired.kmsKeyId(), actual.kmsKeyId())) {
            String key = Objects.requireNonNullElse(desired.kmsKeyId(), DEFAULT_KEY);
            secrets.updateSecret(r -> r.secretId(name).kmsKeyId(key));
            context.updated(kind(), name, "KMS key");
        }
        boolean current = actual.versionIdsToStages().values().stream().anyMatch(s -> s.contains("AWSCURRENT"));
        boolean changed = desired.tags().stream().filter(t -> t.key().equals(FINGERPRINT_TAG))
                .anyMatch(t -> !t.value().equals(tags.get(FINGERPRINT_TAG)));
        if (desired.secretString() != null && (!current || changed)) {
            // Never the value itself in a message: only that it was written.
            secrets.putSecretValue(r -> r.secretId(name).secretString(desired.secretString()));
            context.updated(kind(), name, "value");
        }
        List<Tag> missing = desired.tags().stream().filter(t -> !t.value().equals(tags.get(t.key()))).toList();
        if (!missing.isEmpty()) {
            secrets.tagResource(r -> r.secretId(name).tags(missing));
            List<String> keys = missing.stream().map(Tag::key).filter(k -> !k.equals(FINGERPRINT_TAG)).toList();
            if (!keys.isEmpty()) {
                context.updated(kind(), name, "tags " + keys);
            }
        }
    }

    /**
     * Deletes this cluster's secrets at once, without the recovery window: a cluster made again under the same name
     * must not find its predecessor's secrets pending deletion. A token secret the spec brought is not ours.
     */
    @Override
    public Removal delete(ClusterContext context) {
        SecretsManagerClient secrets = context.aws().secretsManager();
        for (String name : Stream.of(TOKEN, USERNAME_SECRET, PASSWORD, DEPLOYMENT_PASSWORD).map(context.names()::secret)
                .toList()) {
            describe(secrets, name).filter(found -> context.tags().owns(tags(found))).ifPresent(found -> {
                        secrets.deleteSecret(r -> r.secretId(found.arn()).forceDeleteWithoutRecovery(true));
                        context.deleted(kind(), name);
                    });
        }
        return Removal.GONE;
    }

    /**
     * Whether a secret is encrypted with the key wanted. Names are compared first; only where they differ (an alias
     * against the ARN AWS reports, say) are both resolved through KMS, so a converged reconcile makes no KMS call.
     */
    static boolean sameKey(ClusterContext context, String desired, String actual) {
        String want = DEFAULT_KEY.equals(desired) ? null : desired;
        String have = DEFAULT_KEY.equals(actual) ? null : actual;
        if (Objects.equals(want, have)) {
            return true;
        }
        try {
            return Objects.equals(resolve(context, want), resolve(context, have));
        } catch (KmsException e) {
            return false;
        }
    }

    /** A key's ARN, or null for the AWS-managed key of Secrets Manager. */
    private static String resolve(ClusterContext context, String keyId) {
        if (keyId == null) {
            return null;
        }
        KeyMetadata key = context.aws().kms().describeKey(r -> r.keyId(keyId)).keyMetadata();
        return key.keyManager() == KeyManagerType.AWS ? null : key.arn();
    }

    private static Map<String, String> tags(DescribeSecretResponse secret) {
        return secret.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    }

    private static Optional<DescribeSecretResponse> describe(SecretsManagerClient secrets, String name) {
        try {
            return Optional.of(secrets.describeSecret(r -> r.secretId(name)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }
}
