package io.weka.aws.operator;

import io.micrometer.core.instrument.MeterRegistry;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.resources.ConvergenceExecutor;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** What the reconciler needs from the application: AWS clients that report to the metrics registry, and time. */
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
    Clock clock() {
        return Clock.systemUTC();
    }
}
