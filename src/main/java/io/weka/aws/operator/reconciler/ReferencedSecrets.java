package io.weka.aws.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Kubernetes Secrets a WekaCluster refers to, read from its own namespace. Values never leave this class's callers' hands into logs or status. */
final class ReferencedSecrets {
    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, Optional<Secret>> read = new ConcurrentHashMap<>();

    ReferencedSecrets(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** Read once per reconcile (an instance lives for one): its checks and its fingerprint see the same version. */
    Optional<Secret> find(String name) {
        return read.computeIfAbsent(name,
                n -> Optional.ofNullable(client.secrets().inNamespace(namespace).withName(n).get()));
    }

    static Map<String, String> decoded(Secret secret) {
        Map<String, String> values = new HashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return values;
    }

    String namespace() {
        return namespace;
    }
}
