package io.weka.aws.operator.resources;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.api.v1alpha1.status.ResourceStatus;
import io.weka.aws.operator.aws.AwsSession;
import io.weka.aws.operator.model.ClusterNames;
import io.weka.aws.operator.model.ClusterTags;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jboss.logging.Logger;

/** What one reconcile of one cluster knows: its spec, names, tags, AWS session, and what resources found out. */
public final class ClusterContext {
    private static final Logger LOG = Logger.getLogger(ClusterContext.class);

    private final WekaCluster cluster;
    private final ClusterNames names;
    private final ClusterTags tags;
    private final AwsSession aws;
    private final KubernetesClient kubernetes;
    private final Map<Fact<?>, Object> facts = new ConcurrentHashMap<>();
    private final Queue<ResourceStatus> inventory = new ConcurrentLinkedQueue<>();
    private final Queue<Change> changes = new ConcurrentLinkedQueue<>();
    private volatile String accountId;
    private volatile Integer backendCount;

    /** What a reconcile did to AWS: the basis of events and logs. */
    public record Change(String action, String kind, String name, String detail) {
    }

    public ClusterContext(WekaCluster cluster, AwsSession aws, KubernetesClient kubernetes) {
        this.cluster = cluster;
        this.names = new ClusterNames(cluster);
        this.tags = new ClusterTags(cluster);
        this.aws = aws;
        this.kubernetes = kubernetes;
    }

    public WekaCluster cluster() {
        return cluster;
    }

    /** The WekaCluster as controlling owner of a Kubernetes object made for it, which goes with it. */
    public OwnerReference ownerReference() {
        return new OwnerReferenceBuilder().withApiVersion(cluster.getApiVersion()).withKind(cluster.getKind())
                .withName(cluster.getMetadata().getName()).withUid(cluster.getMetadata().getUid()).withController(true)
                .build();
    }

    /** Whether a Kubernetes object was made for this WekaCluster (owned by its UID), not a namesake. */
    public boolean isOwnerOf(HasMetadata object) {
        String uid = cluster.getMetadata().getUid();
        return object.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid()));
    }

    public WekaClusterSpec spec() {
        return cluster.getSpec();
    }

    public ClusterNames names() {
        return names;
    }

    public ClusterTags tags() {
        return tags;
    }

    public AwsSession aws() {
        return aws;
    }

    /** The AWS account, asked of STS once per reconcile: that one call also proves the credentials still work. */
    public String accountId() {
        if (accountId == null) {
            accountId = aws.accountId();
        }
        return accountId;
    }

    /** The backend count the Auto Scaling group gets now: backends.count unless the reconciler holds it back. */
    public int backendCount() {
        return backendCount != null ? backendCount : spec().backends.count;
    }

    /** Holds the Auto Scaling group at {@code count} for this reconcile (a change waiting for clusterization). */
    public void holdBackendsAt(int count) {
        backendCount = count;
    }

    public KubernetesClient kubernetes() {
        return kubernetes;
    }

    public <T> void publish(Fact<T> fact, T value) {
        facts.put(fact, value);
    }

    public <T> Optional<T> find(Fact<T> fact) {
        return Optional.ofNullable(fact.cast(facts.get(fact)));
    }

    /** A fact a dependency must have published; its absence is a bug in the graph, not a user error. */
    public <T> T require(Fact<T> fact) {
        return find(fact).orElseThrow(() -> new IllegalStateException("fact " + fact.name() + " was not published"));
    }

    /** Records a resource the cluster owns (or uses) in the inventory of status.resources. */
    public void owns(String kind, String name, String arn) {
        inventory.add(new ResourceStatus(kind, name, arn, "Ready"));
    }

    public void created(String kind, String name) {
        changed("Created", kind, name, null);
    }

    public void updated(String kind, String name, String detail) {
        changed("Updated", kind, name, detail);
    }

    /** A resource the spec no longer wants, removed. */
    public void deleted(String kind, String name) {
        changed("Deleted", kind, name, null);
    }

    private void changed(String action, String kind, String name, String detail) {
        changes.add(new Change(action, kind, name, detail));
        // The cluster is in the log context (MDC) of every line, so the message names only the resource.
        LOG.infof("%s %s %s%s", action.toLowerCase(), kind, name, detail == null ? "" : " (" + detail + ")");
    }

    public List<ResourceStatus> inventory() {
        return inventory.stream().sorted(Comparator.comparing((ResourceStatus r) -> r.kind).thenComparing(r -> r.name))
                .toList();
    }

    public List<Change> changes() {
        return List.copyOf(changes);
    }
}
