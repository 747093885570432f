package io.weka.aws.operator.aws;

import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Sorts AWS failures into those worth retrying and those that need a change first. */
public final class AwsErrors {
    private static final Set<String> IN_USE = Set.of("DependencyViolation", "InvalidPlacementGroup.InUse",
            "ResourceInUse", "ResourceInUseException", "DeleteConflict", "InvalidIPAddress.InUse");

    private AwsErrors() {
    }

    /** Throttling, server errors and connection failures pass by themselves; the rest wait for a change. */
    public static boolean isRetryable(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e instanceof SdkClientException;
    }

    /**
     * AWS refuses to delete something another resource still uses: an instance still shutting down in a subnet,
     * a function's network interface lingering in a security group. It passes once those are gone.
     */
    public static boolean isStillInUse(SdkException e) {
        return e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && IN_USE.contains(service.awsErrorDetails().errorCode());
    }

    /**
     * The AWS error code and message, without the request metadata. An answer without them (an empty 403 when
     * credentials were revoked, a proxy's 502) is described by its HTTP status and service instead of "null: null".
     */
    public static String describe(SdkException e) {
        if (e instanceof AwsServiceException service) {
            AwsErrorDetails details = service.awsErrorDetails();
            String code = details == null ? null : details.errorCode();
            String message = details == null ? null : details.errorMessage();
            String status = "HTTP " + service.statusCode();
            if (code != null || message != null) {
                return Objects.toString(code, status) + ": " + Objects.toString(message, "no message");
            }
            String from = details == null || details.serviceName() == null ? "" : " from " + details.serviceName();
            return status + from + ", without an AWS error code or message";
        }
        return e.getMessage();
    }
}
