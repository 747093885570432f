package io.weka.aws.operator.aws;

import java.util.Set;
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

    /** The AWS error code and message, without the request metadata. */
    public static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }
}
