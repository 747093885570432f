package io.weka.aws.operator.resources.kms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.Tag;

/** What of an existing EBS key differs from the module's settings, set right one call per difference. */
final class EbsKmsKeyDrift {
    private final KmsClient kms;
    private final KeyMetadata key;
    private final EbsKmsKeyResource.Desired desired;
    private final Map<String, String> tags;

    EbsKmsKeyDrift(KmsClient kms, KeyMetadata key, EbsKmsKeyResource.Desired desired, Map<String, String> tags) {
        this.kms = kms;
        this.key = key;
        this.desired = desired;
        this.tags = tags;
    }

    /** Corrects every difference; returns what was corrected, or nothing when the key already matched. */
    Optional<String> correct() {
        List<String> corrected = new ArrayList<>();
        String id = key.keyId();
        if (key.keyState() == KeyState.PENDING_DELETION) {
            kms.cancelKeyDeletion(r -> r.keyId(id));
            corrected.add("deletion cancelled");
        }
        if (key.keyState() == KeyState.PENDING_DELETION || key.keyState() == KeyState.DISABLED) {
            kms.enableKey(r -> r.keyId(id));
            corrected.add("enabled");
        }
        if (!kms.getKeyRotationStatus(r -> r.keyId(id)).keyRotationEnabled()) {
            kms.enableKeyRotation(r -> r.keyId(id));
            corrected.add("rotation enabled");
        }
        String policy = kms.getKeyPolicy(r -> r.keyId(id).policyName(EbsKmsKeyResource.POLICY_NAME)).policy();
        if (!EbsKmsKeyResource.matches(policy, desired.policy())) {
            kms.putKeyPolicy(r -> r.keyId(id).policyName(EbsKmsKeyResource.POLICY_NAME).policy(desired.policy()));
            corrected.add("key policy restored");
        }
        Map<String, String> differing = new LinkedHashMap<>();
        desired.tags().forEach((k, v) -> {
            if (!v.equals(tags.get(k))) {
                differing.put(k, v);
            }
        });
        if (!differing.isEmpty()) {
            kms.tagResource(r -> r.keyId(id).tags(differing.entrySet().stream()
                    .map(e -> Tag.builder().tagKey(e.getKey()).tagValue(e.getValue()).build()).toList()));
            corrected.add("tags " + String.join(", ", differing.keySet()));
        }
        return corrected.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", corrected));
    }
}
