package io.weka.aws.operator.resources.kms;

import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Removal;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * KMS keys have no name: the cluster's keys are found through their alias. CreateKey is not idempotent, so a crash
 * between creating a key and its alias would leave a key nobody finds, and the next reconcile would create another.
 * Keys are therefore tagged in CreateKey with the cluster's identity and the alias they are for, and an alias that
 * is missing is first looked for among such keys before a new one is made.
 */
final class KmsKeys {
    private KmsKeys() {
    }

    /** The key behind the alias; or this cluster's key made for it whose alias was never created; or a new one. */
    static Found findOrCreate(ClusterContext context, String alias, CreateKeyRequest create) {
        KmsClient kms = context.aws().kms();
        Optional<KeyMetadata> aliased = byAlias(kms, alias);
        if (aliased.isPresent()) {
            return new Found(aliased.get(), false);
        }
        KmsClient sentOnce = context.aws().sentOnce().kms();
        KeyMetadata key = orphan(context, alias).orElseGet(() -> sentOnce.createKey(create).keyMetadata());
        sentOnce.createAlias(r -> r.aliasName(alias).targetKeyId(key.keyId()));
        return new Found(key, true);
    }

    /**
     * Deletes the alias and schedules this cluster's key behind it for deletion (KMS keeps a key 7 days at least).
     * When the cluster itself is deleted, keys left without their alias by a crash are scheduled too; a feature
     * merely turned off does not scan the account's keys on every reconcile.
     */
    static Removal delete(ClusterContext context, String alias, String kind) {
        KmsClient kms = context.aws().kms();
        Optional<KeyMetadata> aliased = byAlias(kms, alias).filter(k -> context.tags().owns(tags(kms, k.keyId())));
        aliased.ifPresent(key -> {
            kms.deleteAlias(r -> r.aliasName(alias));
            scheduleDeletion(kms, key);
            context.deleted(kind, alias);
        });
        if (context.cluster().isMarkedForDeletion()) {
            orphan(context, alias).ifPresent(key -> scheduleDeletion(kms, key));
        }
        return Removal.GONE;
    }

    private static void scheduleDeletion(KmsClient kms, KeyMetadata key) {
        if (key.keyState() != KeyState.PENDING_DELETION) {
            kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
        }
    }

    /** A key and whether it (or its alias) was made by this call. */
    record Found(KeyMetadata key, boolean created) {
    }

    static Map<String, String> tags(KmsClient kms, String keyId) {
        return kms.listResourceTags(r -> r.keyId(keyId)).tags().stream()
                .collect(Collectors.toMap(Tag::tagKey, Tag::tagValue, (a, b) -> b));
    }

    /** Other teams' keys may not let us read their tags: those are not ours either. */
    private static Map<String, String> readableTags(KmsClient kms, String keyId) {
        try {
            return tags(kms, keyId);
        } catch (KmsException e) {
            return Map.of();
        }
    }

    /** The Name tag a cluster's key carries: its alias without "alias/". */
    static String nameTag(String alias) {
        return alias.substring("alias/".length());
    }

    private static Optional<KeyMetadata> byAlias(KmsClient kms, String alias) {
        try {
            return Optional.of(kms.describeKey(r -> r.keyId(alias)).keyMetadata());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Only reached when the alias is missing: on first creation and after a crash, never in steady state. */
    private static Optional<KeyMetadata> orphan(ClusterContext context, String alias) {
        KmsClient kms = context.aws().kms();
        return kms.listKeysPaginator().keys().stream()
                .filter(k -> {
                    Map<String, String> tags = readableTags(kms, k.keyId());
                    return context.tags().owns(tags) && nameTag(alias).equals(tags.get("Name"));
                })
                .map(k -> kms.describeKey(r -> r.keyId(k.keyId())).keyMetadata())
                .filter(k -> k.keyState() == KeyState.ENABLED || k.keyState() == KeyState.DISABLED)
                .findFirst();
    }
}
