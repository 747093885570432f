package io.weka.aws.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Clusters whose last reconcile failed in a way only a change can mend (access denied, a quota, a name taken), with
 * what they looked like then. While nothing of it changes, a reconcile makes no AWS call: retrying would only repeat
 * the refusal. Kept in memory: the first reconcile after a restart of the operator tries once more; pausing the
 * cluster forgets its failure too, so that pausing and resuming retries it after a fix made outside Kubernetes.
 */
final class TerminalFailures {
    /** What a retry depends on: the spec's generation and the referenced Secrets' versions (never their values). */
    record Fingerprint(long generation, Map<String, String> secretVersions) {
        static Fingerprint of(WekaCluster cluster, ReferencedSecrets secrets) {
            WekaClusterSpec spec = cluster.getSpec();
            Map<String, String> versions = new TreeMap<>();
            if (spec.weka != null && spec.weka.tokenSecretRef != null) {
                versions.put(spec.weka.tokenSecretRef.name, version(secrets, spec.weka.tokenSecretRef.name));
            }
            if (spec.credentials != null && spec.credentials.secretRef != null) {
                versions.put(spec.credentials.secretRef.name, version(secrets, spec.credentials.secretRef.name));
            }
            return new Fingerprint(Optional.ofNullable(cluster.getMetadata().getGeneration()).orElse(0L),
                    Map.copyOf(versions));
        }

        private static String version(ReferencedSecrets secrets, String name) {
            return secrets.find(name).map(Secret::getMetadata).map(m -> m.getResourceVersion()).orElse("absent");
        }
    }

    private final Map<String, Fingerprint> failedAt = new ConcurrentHashMap<>();

    void record(String cluster, Fingerprint fingerprint) {
        failedAt.put(cluster, fingerprint);
    }

    /** True while the cluster failed terminally and nothing a retry depends on has changed since. */
    boolean unchanged(String cluster, Fingerprint now) {
        return now.equals(failedAt.get(cluster));
    }

    void forget(String cluster) {
        failedAt.remove(cluster);
    }
}
