package io.weka.aws.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.status.Phase;
import io.weka.aws.operator.resources.ClusterContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Records what the operator did in AWS, and why it failed, as events on the WekaCluster. The same event for the
 * same cluster is recorded at most once per {@link #QUIET_PERIOD}, so a failure retried every 30 seconds does not
 * flood the namespace. Recording is best effort: an event that cannot be written never fails a reconcile.
 */
final class ClusterEvents {
    static final Duration QUIET_PERIOD = Duration.ofMinutes(5);
    private static final Logger LOG = Logger.getLogger(ClusterEvents.class);
    private final Clock clock;
    private final Map<String, Instant> lastRecorded = new ConcurrentHashMap<>();

    ClusterEvents(Clock clock) {
        this.clock = clock;
    }

    void changes(KubernetesClient client, WekaCluster cluster, ClusterContext context) {
        for (ClusterContext.Change change : context.changes()) {
            record(client, cluster, EventReason.valueOf(change.action()), "Normal", change.action().toLowerCase()
                    + " " + change.kind() + " " + change.name() + (change.detail() == null ? "" : ": " + change.detail()));
        }
    }

    void retained(KubernetesClient client, WekaCluster cluster) {
        record(client, cluster, EventReason.Retained, "Normal", "deletionPolicy Retain: the cluster's AWS resources "
                + "are left in place, untouched");
    }

    void failed(KubernetesClient client, WekaCluster cluster, String reason, String message) {
        record(client, cluster, EventReason.ReconcileFailed, "Warning", reason + ": " + message);
    }

    /** A Warning per Auto Scaling group whose launches AWS refuses; said again after the quiet period while it lasts. */
    void launchesFailed(KubernetesClient client, WekaCluster cluster, LaunchFailures.Launches... launches) {
        for (LaunchFailures.Launches seen : launches) {
            seen.failures().forEach(failure -> record(client, cluster, EventReason.LaunchFailed, "Warning",
                    failure.code() + ": " + failure.describe()));
        }
    }

    /** A Warning, recorded when the cluster turns Degraded or Failed; {@code cause} is the condition saying why. */
    void turnedTroubled(KubernetesClient client, WekaCluster cluster, Phase phase, Condition cause) {
        record(client, cluster, EventReason.valueOf(phase.name()), "Warning", troubleMessage(phase, cause));
    }

    static String troubleMessage(Phase phase, Condition cause) {
        return "the cluster is " + phase + ": " + cause.getReason() + ": " + cause.getMessage();
    }

    private void record(KubernetesClient client, WekaCluster cluster, EventReason reason, String type, String message) {
        Instant now = clock.instant();
        String key = cluster.getMetadata().getUid() + "|" + reason + "|" + message;
        Instant last = lastRecorded.get(key);
        if (last != null && last.plus(QUIET_PERIOD).isAfter(now)) {
            return;
        }
        lastRecorded.put(key, now);
        try {
            client.v1().events().inNamespace(cluster.getMetadata().getNamespace()).resource(new EventBuilder()
                    .withNewMetadata().withName(cluster.getMetadata().getName() + "." + UUID.randomUUID()).endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(cluster.getApiVersion())
                            .withKind(cluster.getKind()).withName(cluster.getMetadata().getName())
                            .withNamespace(cluster.getMetadata().getNamespace()).withUid(cluster.getMetadata().getUid())
                            .build())
                    .withReason(reason.name()).withType(type).withMessage(truncate(message))
                    .withFirstTimestamp(now.toString()).withLastTimestamp(now.toString()).withCount(1)
                    .withNewSource().withComponent("weka-aws-operator").endSource()
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("could not record event %s on %s/%s: %s", reason, cluster.getMetadata().getNamespace(),
                    cluster.getMetadata().getName(), e.getMessage());
        }
    }

    /** Events carry at most 1 KiB of message. */
    private static String truncate(String message) {
        return message.length() <= 1024 ? message : message.substring(0, 1021) + "...";
    }
}
