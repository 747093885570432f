package io.weka.aws.operator.aws;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What an AWS failure means for the operator, decided by a table and nothing else (no I/O). The rule is ACK's: a
 * failure is recoverable unless it is listed as terminal. The rows for eventual consistency, read-after-create and
 * asynchronous states come from the catalogue of real-AWS behaviours (row numbers in {@code row}); each carries the
 * window the Terraform AWS provider waits it out for, after which the operator reports it as a failure (and still
 * retries it).
 *
 * @param kind   how the operator treats it
 * @param window how long AWS may take to get past it (zero where there is no such window)
 * @param row    the catalogue row it comes from, 0 for none
 * @param cause  what AWS is doing meanwhile, in words for a status message ("" where nothing is to be said)
 */
public record AwsFailureClass(Kind kind, Duration window, int row, String cause) {

    public enum Kind {
        /** Throttling, 5xx, connection failures: retried, never a failure of the cluster. */
        TRANSIENT,
        /** A new IAM principal is not yet known to the service that uses it: waited out within the window. */
        PROPAGATING,
        /** Read-after-create lag or an asynchronous state (Pending, CREATING, deleting): waited out within the window. */
        NOT_READY,
        /** A deletion refused while something still uses the resource: again later, as AWS lets go of it. */
        IN_USE,
        /** Needs a change (permissions, quota, the spec) before a retry can succeed. */
        TERMINAL,
        /** Not in any list: a failure at once, and retried with backoff all the same. */
        UNLISTED
    }

    private static final Duration IAM = Duration.ofMinutes(2);
    private static final Duration EC2 = Duration.ofMinutes(5);
    private static final Duration LAMBDA = Duration.ofMinutes(15);

    /** One row of the table: service ("*" for any), error code, a fragment of AWS's message or null for any. */
    private record Rule(int row, String service, String code, String fragment, Kind kind, Duration window,
            String cause) {
        boolean matches(String failedService, String failedCode, String message) {
            return ("*".equals(service) || service.equals(failedService))
                    && (code.startsWith("*") ? failedCode.endsWith(code.substring(1)) : code.equals(failedCode))
                    && (fragment == null || message.contains(fragment));
        }
    }

    private static Rule propagating(int row, String service, String code, String fragment, Duration window,
            String cause) {
        return new Rule(row, service, code, fragment, Kind.PROPAGATING, window, cause);
    }

    private static Rule notReady(int row, String service, String code, String fragment, Duration window,
            String cause) {
        return new Rule(row, service, code, fragment, Kind.NOT_READY, window, cause);
    }

    private static Rule inUse(int row, String service, String code, String fragment, Duration window, String cause) {
        return new Rule(row, service, code, fragment, Kind.IN_USE, window, cause);
    }

    private static Rule terminal(int row, String service, String code, String fragment, String cause) {
        return new Rule(row, service, code, fragment, Kind.TERMINAL, Duration.ZERO, cause);
    }

    /** First match wins: specific rows (a code with a message fragment) before the code-only ones. */
    private static final List<Rule> RULES = List.of(
            propagating(1, "iam", "MalformedPolicyDocument", "Invalid principal in policy", IAM,
                    "a principal of the trust policy is not yet known to IAM"),
            propagating(3, "iam", "NoSuchEntity", "The role with name", IAM,
                    "a new role is not yet known to its instance profile"),
            propagating(3, "iam", "InvalidParameterValue", "Invalid IAM Instance Profile name", IAM,
                    "a new instance profile is not yet known to IAM"),
            notReady(2, "iam", "NoSuchEntity", null, IAM, "IAM does not yet return what was just created"),
            notReady(6, "iam", "ConcurrentModification", null, IAM, "IAM is applying another change"),
            inUse(5, "iam", "DeleteConflict", null, IAM, "the role still has policies or instance profiles"),
            propagating(15, "ec2", "InvalidParameterValue", "Invalid IAM Instance Profile", IAM,
                    "a new instance profile is not yet known to EC2"),
            propagating(15, "ec2", "InvalidParameterValue", "has no associated IAM Roles", IAM,
                    "a new instance profile's role is not yet known to EC2"),
            terminal(26, "ec2", "InvalidPlacementGroup.InUse", "another availability zone",
                    "the placement group is pinned to another availability zone"),
            inUse(16, "ec2", "InvalidPlacementGroup.InUse", null, Duration.ofMinutes(30),
                    "its instances are still terminating"),
            notReady(17, "ec2", "InvalidPlacementGroup.Duplicate", null, EC2,
                    "a placement group of that name is still being deleted"),
            inUse(11, "ec2", "InvalidGroup.InUse", null, Duration.ofMinutes(45),
                    "network interfaces still use the security group"),
            inUse(11, "ec2", "DependencyViolation", null, Duration.ofMinutes(45),
                    "network interfaces or addresses still use it; Lambda releases its own within 45 min"),
            inUse(0, "ec2", "InvalidIPAddress.InUse", null, EC2, "the address is still in use"),
            notReady(22, "ec2", "InsufficientInstanceCapacity", null, Duration.ofMinutes(10),
                    "AWS has no capacity for the instance type in that availability zone right now"),
            notReady(7, "ec2", "*.NotFound", null, EC2, "EC2 does not yet return what was just created"),
            propagating(18, "autoscaling", "ValidationError", "Invalid IAM Instance Profile", IAM,
                    "a new instance profile is not yet known to Auto Scaling"),
            inUse(20, "autoscaling", "ScalingActivityInProgress", null, Duration.ofMinutes(10),
                    "a scaling activity is still running"),
            inUse(20, "autoscaling", "ResourceInUse", null, Duration.ofMinutes(10),
                    "the group still has instances or a running activity"),
            propagating(27, "lambda", "InvalidParameterValueException", "cannot be assumed by Lambda", LAMBDA,
                    "a new execution role is not yet known to Lambda"),
            propagating(28, "lambda", "InvalidParameterValueException",
                    "The provided execution role does not have permissions", LAMBDA,
                    "a policy just given to the execution role is not yet known to Lambda"),
            notReady(29, "lambda", "InvalidParameterValueException", "throttled by EC2", Duration.ofMinutes(24),
                    "Lambda's own network-interface calls are throttled by EC2"),
            notReady(30, "lambda", "ResourceNotFoundException", null, LAMBDA,
                    "Lambda does not yet return the function just created"),
            notReady(31, "lambda", "ResourceConflictException", null, LAMBDA,
                    "the function is Pending or an update of it is in progress"),
            propagating(33, "sfn", "AccessDeniedException", "authorized to assume the provided role",
                    Duration.ofMinutes(5), "a new role is not yet known to Step Functions"),
            propagating(33, "sfn", "AccessDeniedException", "not authorized to access the Log Destination",
                    Duration.ofMinutes(5), "a policy just given to the role is not yet known to Step Functions"),
            notReady(34, "sfn", "StateMachineDeleting", null, Duration.ofMinutes(5),
                    "a state machine of that name is still being deleted"),
            notReady(34, "sfn", "StateMachineDoesNotExist", null, Duration.ofMinutes(5),
                    "Step Functions does not yet return the state machine just created"),
            propagating(35, "eventbridge", "ValidationException", "cannot be assumed by principal", IAM,
                    "a new role is not yet known to EventBridge"),
            inUse(37, "eventbridge", "ValidationException", "Rule can't be deleted since it has targets", IAM,
                    "the removal of the rule's targets is not yet effective"),
            propagating(38, "kms", "MalformedPolicyDocumentException", "invalid principals", Duration.ofMinutes(3),
                    "a role named by the key policy is not yet known to KMS"),
            notReady(40, "kms", "NotFoundException", null, Duration.ofMinutes(10),
                    "KMS does not yet return the key just created"),
            notReady(42, "secretsmanager", "InvalidRequestException", "scheduled for deletion", IAM,
                    "a secret of that name is still being deleted"),
            notReady(42, "secretsmanager", "InvalidRequestException", "was deleted", IAM,
                    "a secret of that name is still being deleted"),
            propagating(43, "secretsmanager", "MalformedPolicyDocumentException", "unsupported principal", IAM,
                    "a role named by the secret's policy is not yet known to Secrets Manager"),
            notReady(43, "secretsmanager", "ResourceNotFoundException", null, IAM,
                    "Secrets Manager does not yet return the secret just created"),
            notReady(45, "dynamodb", "LimitExceededException", "simultaneously", Duration.ofMinutes(30),
                    "too many tables are being created or changed at once"),
            notReady(44, "dynamodb", "ResourceNotFoundException", null, Duration.ofMinutes(30),
                    "the table is still CREATING"),
            inUse(46, "dynamodb", "ResourceInUseException", null, Duration.ofMinutes(10),
                    "the table is still being created, updated or deleted"),
            inUse(47, "cloudwatchlogs", "OperationAbortedException", null, Duration.ofMinutes(1),
                    "another operation on the log group is in progress"),
            notReady(49, "elasticloadbalancingv2", "CertificateNotFound", null, EC2,
                    "a certificate just imported is not yet known to Elastic Load Balancing"),
            inUse(50, "elasticloadbalancingv2", "ResourceInUse", null, IAM,
                    "the removal of a listener is not yet effective"),
            inUse(52, "acm", "ResourceInUseException", null, Duration.ofMinutes(20),
                    "a load balancer let go of the certificate only moments ago"),
            notReady(54, "s3", "OperationAborted", null, Duration.ofMinutes(20),
                    "a conflicting operation on the bucket's name is in progress"),
            notReady(54, "s3", "NoSuchBucket", null, IAM, "S3 does not yet return the bucket just created"),
            inUse(0, "*", "DependencyViolation", null, Duration.ofMinutes(10), "another resource still uses it"),
            inUse(0, "*", "ResourceInUse", null, Duration.ofMinutes(10), "another resource still uses it"),
            inUse(0, "*", "ResourceInUseException", null, Duration.ofMinutes(10), "another resource still uses it"),
            terminal(24, "*", "VcpuLimitExceeded", null, "the account's vCPU quota is too small"),
            terminal(25, "*", "InvalidParameterCombination", null, "the request combines what AWS refuses together"),
            terminal(26, "*", "Unsupported", null, "AWS does not offer this there"));

    /** Codes that need a change, whatever the message says (after the rows above, which pick out the exceptions). */
    private static final Set<String> TERMINAL_CODES = Set.of(
            // credentials and permissions
            "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthFailure", "InvalidClientTokenId",
            "ExpiredToken", "ExpiredTokenException", "UnrecognizedClientException", "SignatureDoesNotMatch",
            "InvalidSignatureException", "InvalidAccessKeyId", "OptInRequired", "NotAuthorized",
            "IncompleteSignature", "MissingAuthenticationToken", "AccountProblem",
            // quotas
            "InstanceLimitExceeded", "LimitExceeded", "LimitExceededException", "ServiceQuotaExceededException",
            // requests that are wrong in themselves
            "ValidationError", "ValidationException", "InvalidParameterValue", "InvalidParameterValueException",
            "InvalidParameter", "InvalidParameterException", "MissingParameter", "InvalidInput", "InvalidArgument",
            "MalformedPolicyDocument", "MalformedPolicyDocumentException", "InvalidRequestException",
            "InvalidBucketName", "InvalidAction", "UnsupportedOperation");

    /** Retried by the AWS SDK as well (AwsErrorCode's retryable codes): AWS asks to send the request again. */
    private static final Set<String> RETRYABLE_CODES = Set.of("PriorRequestNotComplete", "RequestTimeout",
            "RequestTimeoutException");

    public static AwsFailureClass of(SdkException e) {
        if (!(e instanceof AwsServiceException service)) {
            // No answer from AWS: a connection failure, a timeout, an answer lost on the way.
            return new AwsFailureClass(Kind.TRANSIENT, Duration.ZERO, 0, "");
        }
        String code = code(service).orElse("");
        String message = Optional.ofNullable(service.awsErrorDetails()).map(AwsErrorDetails::errorMessage).orElse("");
        String from = service(e);
        Optional<Rule> rule = RULES.stream().filter(r -> r.matches(from, code, message)).findFirst();
        if (rule.isPresent()) {
            Rule r = rule.get();
            return new AwsFailureClass(r.kind(), r.window(), r.row(), r.cause());
        }
        if (service.isThrottlingException() || service.statusCode() >= 500 || RETRYABLE_CODES.contains(code)) {
            return new AwsFailureClass(Kind.TRANSIENT, Duration.ZERO, 0, "");
        }
        return new AwsFailureClass(TERMINAL_CODES.contains(code) ? Kind.TERMINAL : Kind.UNLISTED, Duration.ZERO, 0,
                "");
    }

    /** The AWS error code, when AWS gave one. */
    public static Optional<String> code(SdkException e) {
        return e instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? Optional.ofNullable(service.awsErrorDetails().errorCode()) : Optional.empty();
    }

    /**
     * The service that answered, as the SDK's module names it (ec2, iam, lambda, ...): from the exception's package,
     * which every service's exceptions live in; otherwise the name AWS's answer gives.
     */
    public static String service(SdkException e) {
        String pkg = e.getClass().getPackageName();
        String prefix = "software.amazon.awssdk.services.";
        if (pkg.startsWith(prefix)) {
            return pkg.substring(prefix.length()).split("\\.")[0];
        }
        return e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().serviceName() != null
                ? service.awsErrorDetails().serviceName().toLowerCase(Locale.ROOT) : "aws";
    }

    /** Waited out for a window before it counts as a failure. */
    public boolean waitedOut() {
        return kind == Kind.PROPAGATING || kind == Kind.NOT_READY || kind == Kind.IN_USE;
    }
}
