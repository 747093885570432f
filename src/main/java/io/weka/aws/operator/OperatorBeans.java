package io.weka.aws.operator;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetricsV2;
import io.micrometer.core.instrument.MeterRegistry;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.reconciler.PollIntervals;
import io.weka.aws.operator.resources.ConvergenceExecutor;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the reconciler needs from the application: AWS clients that report to the metrics registry, and time; and
 * what JOSDK needs: its reconcile metrics in the same registry.
 */
public class OperatorBeans {
    static final int CONVERGENCE_THREADS = 16;

    @Produces
    @Singleton
    AwsClientFactory awsClientFactory(MeterRegistry registry) {
        return new AwsClientFactory(registry);
    }

    void closeAwsClients(@Disposes AwsClientFactory factory) {
        factory.close();
    }

    /**
     * JOSDK's reconcile metrics (reconciliations_*: started, success, failure, retries, queue, active, execution
     * duration, by controller) on /q/metrics. QOSDK's own MicrometerMetricsProvider hands JOSDK its
     * Metrics before Micrometer binds it to the registry, so the operator got the no-op one and served none.
     */
    @Produces
    @Singleton
    Metrics reconcileMetrics(MeterRegistry registry) {
        return reconcileMetricsIn(registry);
    }

    public static Metrics reconcileMetricsIn(MeterRegistry registry) {
        return MicrometerMetricsV2.newBuilder(registry).build();
    }

    @Produces
    @Singleton
    ConvergenceExecutor convergenceExecutor() {
        return new ConvergenceExecutor(CONVERGENCE_THREADS);
    }

    void stopConvergence(@Disposes ConvergenceExecutor executor) {
        executor.close();
    }

    @Produces
    @Singleton
    PollIntervals pollIntervals(@ConfigProperty(name = "weka.operator.poll-interval.active") Duration active,
            @ConfigProperty(name = "weka.operator.poll-interval.stable") Duration stable) {
        return new PollIntervals(active, stable);
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
