package io.weka.aws.operator.reconciler;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.weka.aws.operator.api.v1alpha1.status.Phase;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code weka_cluster_phase{namespace,name,phase}}: 1 for the phase each WekaCluster's status is in, 0 for every
 * other phase, so that alerts can select a phase without knowing the others. A deleted cluster's series go away.
 */
public final class ClusterPhaseMetrics {
    public static final String METRIC = "weka.cluster.phase";
    private final MeterRegistry registry;
    private final Map<Tags, AtomicReference<Phase>> clusters = new ConcurrentHashMap<>();

    public ClusterPhaseMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String namespace, String name, Phase phase) {
        clusters.computeIfAbsent(cluster(namespace, name), this::register).set(phase);
    }

    public void remove(String namespace, String name) {
        Tags cluster = cluster(namespace, name);
        clusters.remove(cluster);
        registry.find(METRIC).tags(cluster).meters().forEach(registry::remove);
    }

    private AtomicReference<Phase> register(Tags cluster) {
        AtomicReference<Phase> current = new AtomicReference<>();
        for (Phase phase : Phase.values()) {
            Gauge.builder(METRIC, current, c -> c.get() == phase ? 1 : 0)
                    .description("1 for the phase the WekaCluster is in, 0 for the others")
                    .tags(cluster.and("phase", phase.name()))
                    .strongReference(true)
                    .register(registry);
        }
        return current;
    }

    private static Tags cluster(String namespace, String name) {
        return Tags.of("namespace", namespace, "name", name);
    }
}
