package io.weka.aws.operator.reconciler;

import io.weka.aws.operator.aws.AwsErrors;
import io.weka.aws.operator.resources.ConvergenceGraph;
import io.weka.aws.operator.resources.InvalidReferenceException;
import io.weka.aws.operator.resources.ResourceConflictException;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What a convergence of the infrastructure means for status: converged, or failed with a reason and a message
 * naming each failed resource, and whether retrying alone can help.
 */
public record InfrastructureOutcome(boolean converged, String reason, String message, boolean terminal) {

    public static InfrastructureOutcome of(ConvergenceGraph.Result result) {
        if (result.converged()) {
            return new InfrastructureOutcome(true, Reason.RECONCILED, "every AWS resource matches the spec", false);
        }
        if (result.failures().isEmpty()) {
            return new InfrastructureOutcome(false, Reason.REMOVING_RESOURCES, "AWS is still removing "
                    + String.join(", ", result.removing().stream().sorted().toList()) + waitingOn(result), false);
        }
        Map<String, RuntimeException> failures = new TreeMap<>(result.failures());
        boolean terminal = failures.values().stream().noneMatch(InfrastructureOutcome::retryable);
        String reason = failures.values().stream().map(InfrastructureOutcome::reason).distinct().count() == 1
                ? reason(failures.values().iterator().next()) : Reason.AWS_RESOURCES_FAILED;
        String message = failures.entrySet().stream().map(e -> e.getKey() + ": " + describe(e.getValue()))
                .collect(Collectors.joining("; "));
        return new InfrastructureOutcome(false, reason, message + waitingOn(result), terminal);
    }

    private static String waitingOn(ConvergenceGraph.Result result) {
        return result.blocked().isEmpty() ? ""
                : " (waiting on them: " + String.join(", ", result.blocked().stream().sorted().toList()) + ")";
    }

    private static boolean retryable(RuntimeException e) {
        return e instanceof SdkException sdk && AwsErrors.isRetryable(sdk);
    }

    private static String reason(RuntimeException e) {
        if (e instanceof ResourceConflictException) {
            return Reason.RESOURCE_CONFLICT;
        }
        if (e instanceof InvalidReferenceException) {
            return Reason.INVALID_REFERENCE;
        }
        if (e instanceof SdkException sdk) {
            return AwsErrors.isRetryable(sdk) ? Reason.AWS_UNAVAILABLE : Reason.AWS_REQUEST_REFUSED;
        }
        return Reason.AWS_RESOURCES_FAILED;
    }

    private static String describe(RuntimeException e) {
        return e instanceof SdkException sdk ? AwsErrors.describe(sdk) : e.getMessage();
    }
}
