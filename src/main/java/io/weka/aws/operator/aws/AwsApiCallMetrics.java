package io.weka.aws.operator.aws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS API call the operator makes, by service, operation and outcome, as
 * {@code weka_aws_api_calls_total}. The counts prove that a converged cluster costs no mutating call.
 */
public final class AwsApiCallMetrics implements ExecutionInterceptor {
    public static final String METRIC = "weka.aws.api.calls";
    private final MeterRegistry registry;

    public AwsApiCallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        count(attributes, "success");
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        count(attributes, context.exception() instanceof AwsServiceException e && e.awsErrorDetails() != null
                ? e.awsErrorDetails().errorCode() : "error");
    }

    private void count(ExecutionAttributes attributes, String outcome) {
        Counter.builder(METRIC)
                .description("AWS API calls made by the operator")
                .tag("service", attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))
                .tag("operation", attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /** Calls that change AWS: everything but Describe*, Get*, List* and the like. */
    public static boolean isMutating(String operation) {
        return !(operation.startsWith("Describe") || operation.startsWith("Get") || operation.startsWith("List")
                || operation.startsWith("Lookup") || operation.startsWith("Head") || operation.startsWith("Validate"));
    }
}
