package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.aws.AwsClientFactory;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/** The SDK's retry mode is the operator's choice, not whatever AWS_RETRY_MODE says on the machine. */
class AwsClientRetryTest {
    @Test
    void everyClientRetriesInStandardModeThreeAttemptsInAll() {
        try (AwsClientFactory factory = new AwsClientFactory(new SimpleMeterRegistry())) {
            var session = factory.session("us-east-1", "test",
                    () -> StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-secret")));

            for (var client : java.util.List.of(session.ec2(), session.lambda(), session.iam())) {
                RetryStrategy strategy = client.serviceClientConfiguration().overrideConfiguration().retryStrategy()
                        .orElseThrow();
                assertThat(strategy).isInstanceOf(StandardRetryStrategy.class);
                assertThat(strategy.maxAttempts()).isEqualTo(AwsClientFactory.MAX_ATTEMPTS).isEqualTo(3);
            }
        }
    }
}
