package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.weka.aws.operator.aws.AwsErrors;
import io.weka.aws.operator.aws.AwsFailureClass;
import io.weka.aws.operator.aws.AwsFailureClass.Kind;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.acm.model.AcmException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.route53.model.Route53Exception;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The classification table against the catalogue of real-AWS behaviours (shared reference aws-realism.md): each
 * case names its catalogue row (0 for a case of no row), the answer as AWS gives it, and what the operator must make
 * of it, with the window the Terraform AWS provider waits it out for.
 */
class AwsFailureClassTest {
    private static final Map<String, Supplier<AwsServiceException.Builder>> SERVICES = Map.ofEntries(
            Map.entry("iam", IamException::builder), Map.entry("ec2", Ec2Exception::builder),
            Map.entry("autoscaling", AutoScalingException::builder), Map.entry("lambda", LambdaException::builder),
            Map.entry("sfn", SfnException::builder), Map.entry("eventbridge", EventBridgeException::builder),
            Map.entry("kms", KmsException::builder), Map.entry("secretsmanager", SecretsManagerException::builder),
            Map.entry("dynamodb", DynamoDbException::builder), Map.entry("cloudwatchlogs",
                    CloudWatchLogsException::builder),
            Map.entry("elasticloadbalancingv2", ElasticLoadBalancingV2Exception::builder),
            Map.entry("acm", AcmException::builder), Map.entry("s3", S3Exception::builder),
            Map.entry("sts", StsException::builder), Map.entry("route53", Route53Exception::builder));

    static Stream<Arguments> catalogue() {
        return Stream.of(
                // IAM
                row(1, "iam", 400, "MalformedPolicyDocument", "Invalid principal in policy: \"AWS\":\"arn:aws:iam::1:role/r\"", Kind.PROPAGATING, 2),
                row(2, "iam", 404, "NoSuchEntity", "The role with name weka-lambda cannot be found.", Kind.PROPAGATING, 2),
                row(2, "iam", 404, "NoSuchEntity", "The instance profile weka-backend cannot be found.", Kind.NOT_READY, 2),
                row(3, "iam", 400, "InvalidParameterValue", "Invalid IAM Instance Profile name weka-backend", Kind.PROPAGATING, 2),
                row(4, "iam", 404, "NoSuchEntity", "Instance Profile weka-backend cannot be found.", Kind.NOT_READY, 2),
                row(5, "iam", 409, "DeleteConflict", "Cannot delete entity, must detach all policies first.", Kind.IN_USE, 2),
                row(6, "iam", 409, "ConcurrentModification", "Rate exceeded for role updates", Kind.NOT_READY, 2),
                // EC2 / VPC
                row(7, "ec2", 400, "InvalidGroup.NotFound", "The security group 'sg-1' does not exist", Kind.NOT_READY, 5),
                row(7, "ec2", 400, "InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID lt-1, does not exist.", Kind.NOT_READY, 5),
                row(7, "ec2", 400, "InvalidInstanceID.NotFound", "The instance ID 'i-1' does not exist", Kind.NOT_READY, 5),
                row(8, "ec2", 400, "InvalidInternetGatewayID.NotFound", "The internetGateway ID 'igw-1' does not exist", Kind.NOT_READY, 5),
                row(9, "ec2", 400, "InvalidNatGatewayID.NotFound", "The natGateway ID 'nat-1' does not exist", Kind.NOT_READY, 5),
                row(11, "ec2", 400, "DependencyViolation", "resource sg-1 has a dependent object", Kind.IN_USE, 45),
                row(11, "ec2", 400, "InvalidGroup.InUse", "Group sg-1 is used by another group", Kind.IN_USE, 45),
                row(13, "ec2", 400, "DependencyViolation", "The subnet 'subnet-1' has dependencies and cannot be deleted.", Kind.IN_USE, 45),
                row(14, "ec2", 400, "DependencyViolation", "Network vpc-1 has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.", Kind.IN_USE, 45),
                row(15, "ec2", 400, "InvalidParameterValue", "Value (weka-backend) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name", Kind.PROPAGATING, 2),
                row(15, "ec2", 400, "InvalidParameterValue", "The instance profile weka-backend has no associated IAM Roles", Kind.PROPAGATING, 2),
                row(16, "ec2", 400, "InvalidPlacementGroup.InUse", "The placement group 'weka-pg' is in use and may not be deleted.", Kind.IN_USE, 30),
                row(17, "ec2", 400, "InvalidPlacementGroup.Duplicate", "The placement group 'weka-pg' already exists.", Kind.NOT_READY, 5),
                // Auto Scaling
                row(18, "autoscaling", 400, "ValidationError", "You must use a valid fully-formed launch template. Value (weka-backend) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name", Kind.PROPAGATING, 2),
                row(20, "autoscaling", 400, "ScalingActivityInProgress", "You cannot delete an AutoScalingGroup while activities are in progress.", Kind.IN_USE, 10),
                row(20, "autoscaling", 400, "ResourceInUse", "You cannot delete an AutoScalingGroup while there are instances still in the group.", Kind.IN_USE, 10),
                // Launches refused: capacity, quota, configuration
                row(22, "ec2", 500, "InsufficientInstanceCapacity", "We currently do not have sufficient i3en.6xlarge capacity in the Availability Zone you requested (us-east-1a).", Kind.NOT_READY, 10),
                row(24, "ec2", 400, "VcpuLimitExceeded", "You have requested more vCPU capacity than your current vCPU limit of 128 allows for the instance bucket that the specified instance type belongs to.", Kind.TERMINAL, 0),
                row(25, "ec2", 400, "InvalidParameterCombination", "Network interfaces and an instance-level security groups may not be specified on the same request", Kind.TERMINAL, 0),
                row(26, "ec2", 400, "Unsupported", "Your requested instance type (i3en.6xlarge) is not supported in your requested Availability Zone (us-east-1e).", Kind.TERMINAL, 0),
                row(26, "ec2", 400, "InvalidPlacementGroup.InUse", "The placement group 'weka-pg' is in use in another availability zone: us-east-1a", Kind.TERMINAL, 0),
                // Lambda
                row(27, "lambda", 400, "InvalidParameterValueException", "The role defined for the function cannot be assumed by Lambda.", Kind.PROPAGATING, 15),
                row(28, "lambda", 400, "InvalidParameterValueException", "The provided execution role does not have permissions to call CreateNetworkInterface on EC2", Kind.PROPAGATING, 15),
                row(29, "lambda", 400, "InvalidParameterValueException", "Your request has been throttled by EC2, please make sure you have enough API rate limit.", Kind.NOT_READY, 24),
                row(30, "lambda", 404, "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:1:function:weka-clusterize", Kind.NOT_READY, 15),
                row(31, "lambda", 409, "ResourceConflictException", "The operation cannot be performed at this time. The function is currently in the following state: Pending", Kind.NOT_READY, 15),
                row(31, "lambda", 409, "ResourceConflictException", "The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:1:function:f", Kind.NOT_READY, 15),
                row(32, "lambda", 409, "ResourceConflictException", "The statement id (weka) provided already exists. Please provide a new statement id, or remove the existing statement.", Kind.NOT_READY, 15),
                // Step Functions, EventBridge
                row(33, "sfn", 400, "AccessDeniedException", "Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role.", Kind.PROPAGATING, 5),
                row(33, "sfn", 400, "AccessDeniedException", "The state machine IAM Role is not authorized to access the Log Destination", Kind.PROPAGATING, 5),
                row(34, "sfn", 400, "StateMachineDeleting", "State machine is being deleted", Kind.NOT_READY, 5),
                row(34, "sfn", 400, "StateMachineDoesNotExist", "State Machine Does Not Exist", Kind.NOT_READY, 5),
                row(35, "eventbridge", 400, "ValidationException", "Provided role arn:aws:iam::1:role/weka-events cannot be assumed by principal 'events.amazonaws.com'.", Kind.PROPAGATING, 2),
                row(37, "eventbridge", 400, "ValidationException", "Rule can't be deleted since it has targets.", Kind.IN_USE, 2),
                // KMS, Secrets Manager
                row(38, "kms", 400, "MalformedPolicyDocumentException", "Policy contains a statement with one or more invalid principals.", Kind.PROPAGATING, 3),
                row(39, "kms", 400, "NotFoundException", "Key 'arn:aws:kms:us-east-1:1:key/k' does not exist", Kind.NOT_READY, 10),
                row(40, "kms", 400, "NotFoundException", "Alias target key does not exist", Kind.NOT_READY, 10),
                row(42, "secretsmanager", 400, "InvalidRequestException", "You can't create this secret because a secret with this name is already scheduled for deletion.", Kind.NOT_READY, 2),
                row(43, "secretsmanager", 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.", Kind.NOT_READY, 2),
                row(43, "secretsmanager", 400, "MalformedPolicyDocumentException", "This resource policy contains an unsupported principal.", Kind.PROPAGATING, 2),
                // DynamoDB, CloudWatch Logs
                row(44, "dynamodb", 400, "ResourceNotFoundException", "Requested resource not found", Kind.NOT_READY, 30),
                row(45, "dynamodb", 400, "LimitExceededException", "Subscriber limit exceeded: Only 10 tables can be created, updated, or deleted simultaneously", Kind.NOT_READY, 30),
                row(45, "dynamodb", 400, "ThrottlingException", "Rate exceeded", Kind.TRANSIENT, 0),
                row(46, "dynamodb", 400, "ResourceInUseException", "Attempt to change a resource which is still in use: Table is being updated", Kind.IN_USE, 10),
                row(47, "cloudwatchlogs", 400, "OperationAbortedException", "A conflicting operation is currently in progress against this resource. Please try again.", Kind.IN_USE, 1),
                // ELBv2, ACM, S3
                row(49, "elasticloadbalancingv2", 400, "CertificateNotFound", "Certificate 'arn:aws:acm:us-east-1:1:certificate/c' not found", Kind.NOT_READY, 5),
                row(50, "elasticloadbalancingv2", 400, "ResourceInUse", "Target group 'arn:…' is currently in use by a listener or a rule", Kind.IN_USE, 2),
                row(52, "acm", 400, "ResourceInUseException", "Certificate arn:aws:acm:us-east-1:1:certificate/c in account 1 is in use.", Kind.IN_USE, 20),
                row(54, "s3", 409, "OperationAborted", "A conflicting conditional operation is currently in progress against this resource. Please try again.", Kind.NOT_READY, 20),
                row(54, "s3", 404, "NoSuchBucket", "The specified bucket does not exist", Kind.NOT_READY, 2),
                // Throttling, every service
                row(55, "ec2", 503, "RequestLimitExceeded", "Request limit exceeded.", Kind.TRANSIENT, 0),
                row(55, "ec2", 400, "RequestLimitExceeded", "Request limit exceeded.", Kind.TRANSIENT, 0),
                row(56, "iam", 400, "Throttling", "Rate exceeded", Kind.TRANSIENT, 0),
                row(56, "autoscaling", 400, "Throttling", "Rate exceeded", Kind.TRANSIENT, 0),
                row(56, "sts", 400, "Throttling", "Rate exceeded", Kind.TRANSIENT, 0),
                row(57, "kms", 400, "ThrottlingException", "Rate exceeded", Kind.TRANSIENT, 0),
                row(57, "sfn", 400, "ThrottlingException", "Rate exceeded", Kind.TRANSIENT, 0),
                row(58, "lambda", 429, "TooManyRequestsException", "Rate exceeded", Kind.TRANSIENT, 0),
                row(59, "route53", 400, "PriorRequestNotComplete", "The request was rejected because Route 53 was still processing a prior request.", Kind.TRANSIENT, 0),
                row(59, "s3", 503, "SlowDown", "Please reduce your request rate.", Kind.TRANSIENT, 0),
                row(59, "dynamodb", 400, "ProvisionedThroughputExceededException", "The level of configured provisioned throughput for the table was exceeded.", Kind.TRANSIENT, 0));
    }

    /** No catalogue row: what needs a change, and what is in no list. */
    static Stream<Arguments> outsideTheCatalogue() {
        return Stream.of(
                row(0, "sts", 403, "InvalidClientTokenId", "The security token included in the request is invalid.", Kind.TERMINAL, 0),
                row(0, "sts", 403, "ExpiredToken", "The security token included in the request is expired", Kind.TERMINAL, 0),
                row(0, "sts", 403, "AccessDenied", "User: arn:aws:iam::1:user/u is not authorized to perform: sts:AssumeRole", Kind.TERMINAL, 0),
                row(0, "ec2", 403, "UnauthorizedOperation", "You are not authorized to perform this operation.", Kind.TERMINAL, 0),
                row(0, "ec2", 401, "AuthFailure", "AWS was not able to validate the provided access credentials", Kind.TERMINAL, 0),
                row(0, "sfn", 400, "AccessDeniedException", "User is not authorized to perform: states:CreateStateMachine", Kind.TERMINAL, 0),
                row(0, "lambda", 400, "InvalidParameterValueException", "Unzipped size must be smaller than 262144000 bytes", Kind.TERMINAL, 0),
                row(0, "autoscaling", 400, "ValidationError", "Max bound, 2, must be greater than or equal to min bound, 6", Kind.TERMINAL, 0),
                row(0, "eventbridge", 400, "ValidationException", "Parameter ScheduleExpression is not valid.", Kind.TERMINAL, 0),
                row(0, "kms", 400, "MalformedPolicyDocumentException", "The new key policy will not allow you to update the key policy in the future.", Kind.TERMINAL, 0),
                row(0, "secretsmanager", 400, "InvalidRequestException", "You can't perform this operation on the secret because it was marked for deletion.", Kind.TERMINAL, 0),
                row(0, "dynamodb", 400, "LimitExceededException", "Too many tables in this account", Kind.TERMINAL, 0),
                row(0, "iam", 409, "LimitExceeded", "Cannot exceed quota for RolesPerAccount: 1000", Kind.TERMINAL, 0),
                row(0, "ec2", 400, "InstanceLimitExceeded", "You have requested more instances (21) than your current instance limit of 20 allows", Kind.TERMINAL, 0),
                row(0, "ec2", 500, "InternalError", "An internal error has occurred", Kind.TRANSIENT, 0),
                row(0, "lambda", 503, "ServiceException", "Lambda is unavailable", Kind.TRANSIENT, 0),
                row(0, "ec2", 400, "IdempotentParameterMismatch", "Client token already used with different parameters", Kind.UNLISTED, 0),
                row(0, "ec2", 400, "DependencyViolation", "resource sg-1 has a dependent object", Kind.IN_USE, 45),
                row(0, "lambda", 400, "ResourceInUseException", "The function is in use by an event source mapping", Kind.IN_USE, 10));
    }

    private static Arguments row(int row, String service, int status, String code, String message, Kind kind,
            int windowMinutes) {
        return arguments(row, service, status, code, message, kind, Duration.ofMinutes(windowMinutes));
    }

    @ParameterizedTest(name = "row {0}: {1} {3} \"{4}\" is {5} for {6}")
    @MethodSource({"catalogue", "outsideTheCatalogue"})
    void classifiesAsTheTableSays(int row, String service, int status, String code, String message, Kind kind,
            Duration window) {
        AwsFailureClass failure = AwsFailureClass.of(answer(service, status, code, message));

        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure.window()).isEqualTo(window);
        assertThat(AwsFailureClass.service(answer(service, status, code, message))).isEqualTo(service);
        if (failure.waitedOut()) {
            assertThat(failure.cause()).as("said in the waiting message").isNotBlank();
        }
        if (row > 0 && kind != Kind.TRANSIENT) {
            assertThat(failure.row()).as("the catalogue row it comes from").isIn(row, rowOfSameAnswer(row));
        }
    }

    /** Rows whose answers one rule of the table covers (the same code and message, or the same code-only rule). */
    private static int rowOfSameAnswer(int row) {
        return switch (row) {
            case 2 -> 3;
            case 4 -> 2;
            case 32 -> 31;
            case 39 -> 40;
            case 8, 9 -> 7;
            case 13, 14 -> 11;
            default -> row;
        };
    }

    @Test
    void noAnswerFromAwsIsTransient() {
        assertThat(AwsFailureClass.of(SdkClientException.create("Unable to execute HTTP request: Connection reset"))
                .kind()).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void anAnswerWithoutCodeIsJudgedByItsStatus() {
        assertThat(AwsFailureClass.of(AwsServiceException.builder().statusCode(502).build()).kind())
                .isEqualTo(Kind.TRANSIENT);
        assertThat(AwsFailureClass.of(AwsServiceException.builder().statusCode(403).awsErrorDetails(
                AwsErrorDetails.builder().serviceName("AutoScaling").build()).build()).kind()).isEqualTo(Kind.UNLISTED);
    }

    @Test
    void onlyTransientFailuresAreRetryableByThemselves() {
        assertThat(AwsErrors.isRetryable(answer("ec2", 503, "RequestLimitExceeded", "Request limit exceeded.")))
                .isTrue();
        assertThat(AwsErrors.isRetryable(SdkClientException.create("Connection reset"))).isTrue();
        assertThat(AwsErrors.isRetryable(answer("lambda", 400, "InvalidParameterValueException",
                "The role defined for the function cannot be assumed by Lambda."))).isFalse();
        assertThat(AwsErrors.isRetryable(answer("ec2", 403, "UnauthorizedOperation", "not authorized"))).isFalse();
    }

    @Test
    void deletionsWaitOnWhatIsStillInUse() {
        assertThat(AwsErrors.isStillInUse(answer("ec2", 400, "DependencyViolation", "has a dependent object")))
                .isTrue();
        assertThat(AwsErrors.isStillInUse(answer("autoscaling", 400, "ScalingActivityInProgress", "in progress")))
                .isTrue();
        assertThat(AwsErrors.isStillInUse(answer("ec2", 400, "UnauthorizedOperation", "not authorized"))).isFalse();
    }

    private static AwsServiceException answer(String service, int status, String code, String message) {
        return SERVICES.get(service).get().statusCode(status).awsErrorDetails(AwsErrorDetails.builder()
                .serviceName(service).errorCode(code).errorMessage(message).build()).message(message).build();
    }
}
