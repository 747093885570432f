package io.weka.aws.operator.resources.kms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.ResourceConflictException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * The EBS key {@code alias/<kms prefix>-<cluster>} (main.tf aws_kms_key.kms_key): created when EBS is encrypted and
 * the spec names no key, with the module's key policy and rotation. A key the spec names is used as it is.
 */
public final class EbsKmsKeyResource implements AwsResource {
    static final String POLICY_NAME = "default";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String kind() {
        return "KmsKey";
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(Facts.EBS_KMS_KEY_ARN);
    }

    @Override
    public boolean wanted(WekaClusterSpec spec) {
        return spec.encryption.ebs;
    }

    record Desired(String alias, String policy, Map<String, String> tags) {
    }

    static Desired desired(ClusterContext context, String accountId) {
        String alias = context.names().ebsKmsKeyAlias();
        return new Desired(alias, policy(accountId),
                context.tags().with(Map.of("Name", KmsKeys.nameTag(alias))));
    }

    /** The module's aws_kms_key_policy: the account's root, and the Auto Scaling service-linked role. */
    static String policy(String accountId) {
        String autoScaling = "arn:aws:iam::" + accountId
                + ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";
        String sid = "Allow service-linked role use of the customer managed key";
        Map<String, Object> root = Map.of("Sid", "Enable IAM User Permissions", "Effect", "Allow",
                "Principal", Map.of("AWS", "arn:aws:iam::" + accountId + ":root"), "Action", "kms:*", "Resource", "*");
        Map<String, Object> use = Map.of("Sid", sid, "Effect", "Allow", "Principal", Map.of("AWS", autoScaling),
                "Action", List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
                        "kms:DescribeKey"), "Resource", "*");
        Map<String, Object> grant = Map.of("Sid", sid, "Effect", "Allow", "Principal", Map.of("AWS", autoScaling),
                "Action", List.of("kms:CreateGrant"), "Resource", "*",
                "Condition", Map.of("Bool", Map.of("kms:GrantIsForAWSResource", true)));
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("Version", "2012-10-17");
        policy.put("Id", "key-default-1");
        policy.put("Statement", List.of(root, use, grant));
        try {
            return JSON.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The owned field of the policy: its JSON content, however AWS lays the text out. */
    static boolean matches(String actualPolicy, String desiredPolicy) {
        try {
            JsonNode actual = JSON.readTree(actualPolicy);
            return actual != null && actual.equals(JSON.readTree(desiredPolicy));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    @Override
    public void converge(ClusterContext context) {
        String existing = context.spec().encryption.kmsKeyId;
        if (existing != null) {
            context.publish(Facts.EBS_KMS_KEY_ARN, existing);
            return;
        }
        KmsClient kms = context.aws().kms();
        Desired desired = desired(context, context.accountId());
        KmsKeys.Found found = KmsKeys.findOrCreate(context, desired.alias(), CreateKeyRequest.builder()
                .policy(desired.policy())
                .tags(ClusterTags.as(desired.tags(), (k, v) -> Tag.builder().tagKey(k).tagValue(v).build())).build());
        KeyMetadata key = found.key();
        if (found.created()) {
            kms.enableKeyRotation(r -> r.keyId(key.keyId()));
            context.created(kind(), desired.alias());
        } else {
            Map<String, String> tags = KmsKeys.tags(kms, key.keyId());
            if (!context.tags().owns(tags)) {
                throw new ResourceConflictException("KMS key " + desired.alias() + " (" + key.keyId()
                        + ") exists but belongs to " + tags.getOrDefault(ClusterTags.CLUSTER, "no WekaCluster"));
            }
            new EbsKmsKeyDrift(kms, key, desired, tags).correct()
                    .ifPresent(detail -> context.updated(kind(), desired.alias(), detail));
        }
        context.publish(Facts.EBS_KMS_KEY_ARN, key.arn());
        context.owns(kind(), desired.alias(), key.arn());
    }

    @Override
    public Removal delete(ClusterContext context) {
        return KmsKeys.delete(context, context.names().ebsKmsKeyAlias(), kind());
    }
}
