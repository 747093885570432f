package io.weka.aws.operator.testenv;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.AggregatedMetrics;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.weka.aws.operator.OperatorBeans;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsApiCallMetrics;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.reconciler.PollIntervals;
import io.weka.aws.operator.reconciler.WekaClusterReconciler;
import io.weka.aws.operator.resources.ConvergenceExecutor;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.awaitility.Awaitility;

/** The operator running in the test JVM against the local API server and the AWS emulator. */
public final class InProcessOperator implements AutoCloseable {
    /** Short, so that tests see WEKA's progress (played by the WekaSimulator) within seconds. */
    public static final PollIntervals POLLING = new PollIntervals(Duration.ofSeconds(2), Duration.ofSeconds(10));
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private final ConvergenceExecutor convergence = new ConvergenceExecutor(8);
    private final Map<String, Integer> finished = new ConcurrentHashMap<>();
    private final Operator operator;
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private volatile Set<String> currentNamespaces;

    private InProcessOperator() {
        LocalAws.endpoint();
        // JOSDK's reconcile metrics as the application has them, plus a count of finished reconciles per cluster that
        // tests wait on.
        operator = new Operator(o -> o.withKubernetesClient(LocalKubernetes.client()).withCloseClientOnStop(false)
                .withMetrics(new AggregatedMetrics(List.of(OperatorBeans.reconcileMetricsIn(metrics),
                        new Metrics() {
                            @Override
                            public void reconciliationFinished(HasMetadata resource, RetryInfo retry,
                                    Map<String, Object> m) {
                                finished.merge(resource.getMetadata().getNamespace() + "/"
                                        + resource.getMetadata().getName(), 1, Integer::sum);
                            }
                        }))));
        operator.register(new CurrentNamespaceOnly(new WekaClusterReconciler(aws, Clock.systemUTC(), convergence,
                POLLING, metrics)));
        operator.start();
    }

    public static InProcessOperator start() {
        return new InProcessOperator();
    }

    /** A new namespace for one test, the only one reconciled from now on, in an emptied AWS account. */
    public String freshNamespace(String prefix) {
        String namespace = LocalKubernetes.newNamespace(prefix);
        watchOnly(namespace);
        LocalAws.reset();
        return namespace;
    }

    /** One more namespace, reconciled from now on beside the current test's, in the same AWS account. */
    public String anotherNamespace(String prefix) {
        String namespace = LocalKubernetes.newNamespace(prefix);
        Set<String> namespaces = new HashSet<>(currentNamespaces);
        namespaces.add(namespace);
        currentNamespaces = Set.copyOf(namespaces);
        return namespace;
    }

    /**
     * Reconciles only the WekaClusters of {@code namespace} from now on. Clusters of earlier tests are left alone:
     * they would otherwise keep polling and rebuild their AWS resources in the emulator each test resets.
     */
    private void watchOnly(String namespace) {
        currentNamespaces = Set.of(namespace);
        Awaitility.await("reconciles of earlier tests' clusters to finish").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50)).until(() -> running.entrySet().stream()
                        .filter(e -> !e.getKey().equals(namespace)).allMatch(e -> e.getValue().get() == 0));
        releaseEarlierClusters();
    }

    /**
     * Clusters of earlier tests go (released without AWS calls: their namespaces are no longer reconciled), since
     * the operator refuses a cluster while an older one has the same AWS names, and tests reuse the examples' names.
     */
    private static void releaseEarlierClusters() {
        KubernetesClient client = LocalKubernetes.client();
        client.resources(WekaCluster.class).inAnyNamespace().delete();
        Awaitility.await("no WekaCluster of earlier tests left").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                    List<WekaCluster> left = client.resources(WekaCluster.class).inAnyNamespace().list().getItems();
                    // Finalizers of an operator that has stopped since (another test class's) have no one to lift them.
                    left.forEach(c -> client.resource(c).edit(e -> {
                        e.getMetadata().setFinalizers(List.of());
                        return e;
                    }));
                    return left.isEmpty();
                });
    }

    /**
     * The operator's reconciler for the current test's namespace; clusters of earlier tests get no further
     * reconcile (and are released without AWS calls when their namespace goes).
     */
    @ControllerConfiguration(name = WekaClusterReconciler.NAME, generationAwareEventProcessing = false)
    final class CurrentNamespaceOnly implements Reconciler<WekaCluster>, Cleaner<WekaCluster> {
        private final WekaClusterReconciler reconciler;

        CurrentNamespaceOnly(WekaClusterReconciler reconciler) {
            this.reconciler = reconciler;
        }

        @Override
        public UpdateControl<WekaCluster> reconcile(WekaCluster cluster, Context<WekaCluster> context) {
            return current(cluster) ? counted(cluster, () -> reconciler.reconcile(cluster, context))
                    : UpdateControl.noUpdate();
        }

        @Override
        public DeleteControl cleanup(WekaCluster cluster, Context<WekaCluster> context) {
            return current(cluster) ? counted(cluster, () -> reconciler.cleanup(cluster, context))
                    : DeleteControl.defaultDelete();
        }

        private boolean current(WekaCluster cluster) {
            return currentNamespaces == null || currentNamespaces.contains(cluster.getMetadata().getNamespace());
        }

        private <T> T counted(WekaCluster cluster, Supplier<T> step) {
            AtomicInteger inNamespace = running.computeIfAbsent(cluster.getMetadata().getNamespace(),
                    n -> new AtomicInteger());
            inNamespace.incrementAndGet();
            try {
                return step.get();
            } finally {
                inNamespace.decrementAndGet();
            }
        }
    }

    public MeterRegistry metrics() {
        return metrics;
    }

    /** The metrics as Prometheus scrapes them from /q/metrics. */
    public String scrape() {
        return metrics.scrape();
    }

    /** Reconciles of one WekaCluster that have finished so far: what tests wait on instead of time. */
    public int reconciles(String namespace, String name) {
        return finished.getOrDefault(namespace + "/" + name, 0);
    }

    /** All AWS calls made so far. */
    public double awsCalls() {
        return metrics.find(AwsApiCallMetrics.METRIC).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Override
    public void close() {
        operator.stop();
        convergence.close();
        aws.close();
    }
}
