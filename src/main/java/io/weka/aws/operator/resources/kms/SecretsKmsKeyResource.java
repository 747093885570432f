package io.weka.aws.operator.resources.kms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.ResourceConflictException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * The customer-managed key of the secrets ({@code modules/kms} called as {@code secrets_kms}): rotation on, the
 * account root plus the Lambda role in its key policy, alias {@code alias/<kms prefix>-<cluster>-secrets}. KMS keys
 * have no name, so the alias is the deterministic name the key is re-found by. With {@code secretsManager.kmsKeyId}
 * that key is published as it is given (the module passes it on verbatim) and nothing is created.
 */
public final class SecretsKmsKeyResource implements AwsResource {
    /** The module's {@code deletion_window_in_days}, for whoever deletes the key. */
    public static final int DELETION_WINDOW_DAYS = 20;
    private static final String POLICY_NAME = "default";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String kind() {
        return "KmsKey";
    }

    @Override
    public Set<Fact<?>> needs() {
        return Set.of(Facts.LAMBDA_ROLE_ARN);
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(Facts.SECRETS_KMS_KEY_ARN);
    }

    @Override
    public boolean wanted(WekaClusterSpec spec) {
        return Boolean.TRUE.equals(spec.secretsManager.createKmsKey) || spec.secretsManager.kmsKeyId != null;
    }

    static CreateKeyRequest desired(ClusterContext context, String accountId, String principal) {
        String name = KmsKeys.nameTag(context.names().secretsKmsKeyAlias());
        return CreateKeyRequest.builder()
                .policy(policy(accountId, principal))
                .tags(ClusterTags.as(context.tags().with(Map.of("Name", name)),
                        (k, v) -> Tag.builder().tagKey(k).tagValue(v).build()))
                .build();
    }

    /** The module's key policy, statement for statement (its two Lambda-role statements share one Sid). */
    public static String policy(String accountId, String principal) {
        String partition = principal.startsWith("arn:") ? principal.split(":", 3)[1] : "aws";
        ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17").put("Id", "key-default-1");
        ArrayNode statements = policy.putArray("Statement");
        ObjectNode admin = statements.addObject().put("Sid", "Enable IAM User Permissions").put("Effect", "Allow");
        admin.putObject("Principal").put("AWS", "arn:" + partition + ":iam::" + accountId + ":root");
        admin.put("Action", "kms:*").put("Resource", "*");
        String sid = "Allow service-linked role use of the customer managed key";
        ObjectNode use = statements.addObject().put("Sid", sid).put("Effect", "Allow");
        use.putObject("Principal").put("AWS", principal);
        use.putArray("Action").add("kms:Encrypt").add("kms:Decrypt").add("kms:ReEncrypt*").add("kms:GenerateDataKey*")
                .add("kms:DescribeKey");
        use.put("Resource", "*");
        ObjectNode grant = statements.addObject().put("Sid", sid).put("Effect", "Allow");
        grant.putObject("Principal").put("AWS", principal);
        grant.putArray("Action").add("kms:CreateGrant");
        grant.put("Resource", "*");
        grant.putObject("Condition").putObject("Bool").put("kms:GrantIsForAWSResource", true);
        try {
            return JSON.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Same document, whatever the whitespace, and whether KMS hands a boolean back as true or "true". */
    static boolean samePolicy(String actual, String desired) {
        try {
            return canonical(JSON.readTree(actual)).equals(canonical(JSON.readTree(desired)));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isValueNode()) {
            return TextNode.valueOf(node.asText());
        }
        JsonNode copy = node.deepCopy();
        if (copy instanceof ObjectNode object) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                object.set(name, canonical(node.get(name)));
            }
        } else if (copy instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, canonical(node.get(i)));
            }
        }
        return copy;
    }

    @Override
    public void converge(ClusterContext context) {
        String given = context.spec().secretsManager.kmsKeyId;
        if (given != null) {
            context.publish(Facts.SECRETS_KMS_KEY_ARN, given);
            return;
        }
        KmsClient kms = context.aws().kms();
        String alias = context.names().secretsKmsKeyAlias();
        CreateKeyRequest desired = desired(context, context.accountId(), context.require(Facts.LAMBDA_ROLE_ARN));
        KmsKeys.Found found = KmsKeys.findOrCreate(context, alias, desired);
        KeyMetadata key = found.key();
        if (found.created()) {
            kms.enableKeyRotation(r -> r.keyId(key.keyId()));
            context.created(kind(), alias);
        } else {
            update(context, kms, alias, key, desired);
        }
        context.publish(Facts.SECRETS_KMS_KEY_ARN, key.arn());
        context.owns(kind(), alias, key.arn());
    }

    private void update(ClusterContext context, KmsClient kms, String alias, KeyMetadata key,
            CreateKeyRequest desired) {
        Map<String, String> tags = KmsKeys.tags(kms, key.keyId());
        if (!context.tags().owns(tags)) {
            throw new ResourceConflictException("KMS key " + alias + " exists but belongs to "
                    + Optional.ofNullable(tags.get(ClusterTags.CLUSTER)).orElse("no WekaCluster"));
        }
        if (key.keyState() == KeyState.PENDING_DELETION) {
            kms.cancelKeyDeletion(r -> r.keyId(key.keyId()));
            context.updated(kind(), alias, "deletion cancelled");
        }
        if (key.keyState() == KeyState.PENDING_DELETION || key.keyState() == KeyState.DISABLED) {
            kms.enableKey(r -> r.keyId(key.keyId()));
            context.updated(kind(), alias, "enabled");
        }
        String policy = kms.getKeyPolicy(r -> r.keyId(key.keyId()).policyName(POLICY_NAME)).policy();
        if (!samePolicy(policy, desired.policy())) {
            kms.putKeyPolicy(r -> r.keyId(key.keyId()).policyName(POLICY_NAME).policy(desired.policy()));
            context.updated(kind(), alias, "key policy");
        }
        if (!Boolean.TRUE.equals(kms.getKeyRotationStatus(r -> r.keyId(key.keyId())).keyRotationEnabled())) {
            kms.enableKeyRotation(r -> r.keyId(key.keyId()));
            context.updated(kind(), alias, "key rotation");
        }
        List<Tag> missing = desired.tags().stream().filter(t -> !t.tagValue().equals(tags.get(t.tagKey()))).toList();
        if (!missing.isEmpty()) {
            kms.tagResource(r -> r.keyId(key.keyId()).tags(missing));
            context.updated(kind(), alias, "tags " + missing.stream().map(Tag::tagKey).toList());
        }
    }

    @Override
    public Removal delete(ClusterContext context) {
        return KmsKeys.delete(context, context.names().secretsKmsKeyAlias(), kind());
    }
}
