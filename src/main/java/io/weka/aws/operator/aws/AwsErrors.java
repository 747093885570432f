package io.weka.aws.operator.aws;

import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** How an AWS failure is told in status, events and logs, and whether it is a deletion to try again later. */
public final class AwsErrors {
    private AwsErrors() {
    }

    /** Throttling, server errors and connection failures: they pass by themselves (the table's transient class). */
    public static boolean isRetryable(SdkException e) {
        return AwsFailureClass.of(e).kind() == AwsFailureClass.Kind.TRANSIENT;
    }

    /**
     * AWS refuses to delete something another resource still uses: an instance still shutting down in a subnet,
     * a function's network interface lingering in a security group. It passes once those are gone.
     */
    public static boolean isStillInUse(SdkException e) {
        return AwsFailureClass.of(e).kind() == AwsFailureClass.Kind.IN_USE;
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
