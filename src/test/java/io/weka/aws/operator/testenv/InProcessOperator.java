package io.weka.aws.operator.testenv;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.aws.AwsApiCallMetrics;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.reconciler.PollIntervals;
import io.weka.aws.operator.reconciler.WekaClusterReconciler;
import io.weka.aws.operator.resources.ConvergenceExecutor;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The operator running in the test JVM against the local API server and the AWS emulator. */
public final class InProcessOperator implements AutoCloseable {
    /** Short, so that tests see WEKA's progress (played by the WekaSimulator) within seconds. */
    public static final PollIntervals POLLING = new PollIntervals(Duration.ofSeconds(2), Duration.ofSeconds(30));
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private final ConvergenceExecutor convergence = new ConvergenceExecutor(8);
    private final Map<String, Integer> finished = new ConcurrentHashMap<>();
    private final Operator operator;

    private InProcessOperator() {
        LocalAws.endpoint();
        operator = new Operator(o -> o.withKubernetesClient(LocalKubernetes.client()).withCloseClientOnStop(false)
                .withMetrics(new Metrics() {
                    @Override
                    public void reconciliationFinished(HasMetadata resource, RetryInfo retry, Map<String, Object> m) {
                        finished.merge(resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName(),
                                1, Integer::sum);
                    }
                }));
        operator.register(new WekaClusterReconciler(aws, Clock.systemUTC(), convergence, POLLING));
        operator.start();
    }

    public static InProcessOperator start() {
        return new InProcessOperator();
    }

    public MeterRegistry metrics() {
        return metrics;
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
