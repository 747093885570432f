package io.weka.aws.operator.aws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS API call the operator makes, by service, operation and outcome, as
 * {@code weka_aws_api_calls_total}, and times it (SDK retries included: what a reconcile waits for) as the
 * histogram {@code weka_aws_api_call_duration_seconds} by service and operation. The counts prove that a converged
 * cluster costs no mutating call; the durations show which AWS API slows reconciles down.
 */
public final class AwsApiCallMetrics implements ExecutionInterceptor {
    public static final String METRIC = "weka.aws.api.calls";
    public static final String DURATION_METRIC = "weka.aws.api.call.duration";
    /** Fixed buckets, from a fast Describe to a slow create; a few series per operation, not Micrometer's 70. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};
    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("WekaCallStartedNanos");
    private final MeterRegistry registry;

    public AwsApiCallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes, "success");
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        // An answer without an error code (a bare 5xx, a proxy's page) is counted as "error", like no answer at all.
        String code = context.exception() instanceof AwsServiceException e && e.awsErrorDetails() != null
                ? e.awsErrorDetails().errorCode() : null;
        record(attributes, code != null ? code : "error");
    }

    private void record(ExecutionAttributes attributes, String outcome) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Counter.builder(METRIC)
                .description("AWS API calls made by the operator")
                .tag("service", service)
                .tag("operation", operation)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
        Long started = attributes.getAttribute(STARTED);
        if (started != null) {
            Timer.builder(DURATION_METRIC)
                    .description("How long AWS API calls of the operator take, retries included")
                    .tag("service", service)
                    .tag("operation", operation)
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry)
                    .record(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** Calls that change AWS: everything but Describe*, Get*, List* and the like. */
    public static boolean isMutating(String operation) {
        return !(operation.startsWith("Describe") || operation.startsWith("Get") || operation.startsWith("List")
                || operation.startsWith("Lookup") || operation.startsWith("Head") || operation.startsWith("Validate"));
    }
}
