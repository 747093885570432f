package io.weka.aws.operator.resources.secrets;

import io.fabric8.kubernetes.api.model.Secret;
import io.weka.aws.operator.api.v1alpha1.spec.SecretKeyRef;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.InvalidReferenceException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The get.weka.io token, read from the Kubernetes Secret of {@code weka.tokenSecretRef}. It prints as a redaction,
 * so that no log line, message or assertion failure can carry it; what leaves this class is the value itself (for
 * Secrets Manager) and a salted fingerprint (to tell, from the AWS secret's tags alone, whether it changed).
 */
final class TokenValue {
    /**
     * Stored when the WEKA package comes from {@code weka.installUrl} and no token is given: WEKA's deploy function
     * reads the token secret regardless and fails without a value, but does not use it to install from a URL.
     */
    static final String UNUSED = "unused: weka.installUrl is set";

    private final String value;

    private TokenValue(String value) {
        this.value = value;
    }

    static TokenValue read(ClusterContext context) {
        SecretKeyRef ref = context.spec().weka.tokenSecretRef;
        if (ref == null) {
            return new TokenValue(UNUSED);
        }
        String namespace = context.cluster().getMetadata().getNamespace();
        String key = Optional.ofNullable(ref.key).orElse("token");
        Secret secret = context.kubernetes().secrets().inNamespace(namespace).withName(ref.name).get();
        if (secret == null) {
            throw new InvalidReferenceException("Secret " + namespace + "/" + ref.name
                    + " (weka.tokenSecretRef) not found");
        }
        String token = null;
        if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
            token = secret.getStringData().get(key);
        } else if (secret.getData() != null && secret.getData().get(key) != null) {
            token = new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        }
        // A token never holds whitespace; a Secret made from a file often ends in a newline that would break the URL.
        if (token == null || token.isBlank()) {
            throw new InvalidReferenceException("Secret " + namespace + "/" + ref.name + " has no non-empty key '"
                    + key + "' (weka.tokenSecretRef)");
        }
        return new TokenValue(token.strip());
    }

    String value() {
        return value;
    }

    /** SHA-256 of the value salted with the cluster's UID: no precomputed table matches it across clusters. */
    String fingerprint(String salt) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "TokenValue[redacted]";
    }
}
