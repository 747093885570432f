package io.weka.aws.operator;

import io.micrometer.core.instrument.MeterRegistry;
import io.weka.aws.operator.aws.AwsClientFactory;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** What the reconciler needs from the application: AWS clients that report to the metrics registry, and time. */
public class OperatorBeans {
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
    Clock clock() {
        return Clock.systemUTC();
    }
}
