package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.aws.AwsSession;
import io.weka.aws.operator.testenv.LocalAws;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/** Every AWS call is counted as weka_aws_api_calls_total{service,operation,outcome}, as Prometheus scrapes it. */
class AwsApiCallMetricsTest {
    @BeforeAll
    static void emulator() {
        LocalAws.endpoint();
        LocalAws.reset();
    }

    @Test
    void successesAndAwsErrorCodesAreCountedPerServiceAndOperation() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (AwsClientFactory aws = new AwsClientFactory(prometheus)) {
            AwsSession session = aws.session(LocalAws.REGION, "default", aws::defaultCredentials);

            session.accountId();
            session.accountId();
            assertThatThrownBy(() -> session.iam().getRole(r -> r.roleName("absent")))
                    .isInstanceOf(NoSuchEntityException.class);
        }

        assertThat(prometheus.scrape())
                .contains("# TYPE weka_aws_api_calls_total counter")
                .contains("weka_aws_api_calls_total{operation=\"GetCallerIdentity\",outcome=\"success\",service=\"Sts\",} 2.0")
                .contains("weka_aws_api_calls_total{operation=\"GetRole\",outcome=\"NoSuchEntity\",service=\"Iam\",} 1.0");
    }
}
