package io.weka.aws.operator.testenv;

import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.aws.AwsApiCallMetrics;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.reconciler.WekaClusterReconciler;
import io.weka.aws.operator.resources.ConvergenceExecutor;
import java.time.Clock;

/** The operator running in the test JVM against the local API server and the AWS emulator. */
public final class InProcessOperator implements AutoCloseable {
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private final ConvergenceExecutor convergence = new ConvergenceExecutor(8);
    private final Operator operator;

    private InProcessOperator() {
        LocalAws.endpoint();
        operator = new Operator(o -> o.withKubernetesClient(LocalKubernetes.client()).withCloseClientOnStop(false));
        operator.register(new WekaClusterReconciler(aws, Clock.systemUTC(), convergence));
        operator.start();
    }

    public static InProcessOperator start() {
        return new InProcessOperator();
    }

    public MeterRegistry metrics() {
        return metrics;
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
