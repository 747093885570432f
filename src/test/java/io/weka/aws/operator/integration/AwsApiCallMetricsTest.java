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

/**
 * Every AWS call is counted as weka_aws_api_calls_total{service,operation,outcome} and timed as the histogram
 * weka_aws_api_call_duration_seconds{service,operation}, as Prometheus scrapes them.
 */
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
                .contains("weka_aws_api_calls_total{operation=\"GetRole\",outcome=\"NoSuchEntity\",service=\"Iam\",} 1.0")
                .contains("# TYPE weka_aws_api_call_duration_seconds histogram")
                .contains("weka_aws_api_call_duration_seconds_count{operation=\"GetCallerIdentity\",service=\"Sts\",} 2.0")
                .contains("weka_aws_api_call_duration_seconds_bucket{operation=\"GetCallerIdentity\",service=\"Sts\","
                        + "le=\"30.0\",} 2.0")
                .contains("weka_aws_api_call_duration_seconds_bucket{operation=\"GetCallerIdentity\",service=\"Sts\","
                        + "le=\"+Inf\",} 2.0")
                .contains("weka_aws_api_call_duration_seconds_count{operation=\"GetRole\",service=\"Iam\",} 1.0");
        assertThat(prometheus.scrape().lines().filter(l -> l.startsWith("weka_aws_api_call_duration_seconds_bucket{"
                + "operation=\"GetRole\"")).count()).as("the fixed buckets and +Inf").isEqualTo(11);
    }
}
