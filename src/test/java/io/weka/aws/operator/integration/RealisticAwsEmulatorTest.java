package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.RealisticAws;
import io.weka.aws.operator.testenv.RealisticAws.Fault;
import io.weka.aws.operator.testenv.RealisticAws.PlayedFault;
import java.time.Duration;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The realism layer of the emulator, seen through the AWS SDK for Java v2 as the operator sees it: each behaviour
 * of the catalogue (docs' reference aws-realism.md, by row number) comes back with the exception class, HTTP status,
 * error code and message real AWS gives, and the layer logs what it played. Clients here never retry, so each
 * call meets exactly one answer.
 */
class RealisticAwsEmulatorTest {

    @BeforeAll
    static void startEmulator() {
        LocalAws.endpoint();
    }

    @BeforeEach
    @AfterEach
    void plainMoto() {
        LocalAws.reset();
    }

    @Test
    void row55_ec2ThrottledWithRequestLimitExceeded503() {
        RealisticAws.seeded(1).fault(Fault.throttle().on("ec2", "Describe*")).apply();
        Ec2Client ec2 = client(Ec2Client.builder());

        assertAwsError(ec2::describeVpcs, Ec2Exception.class, 503, "RequestLimitExceeded", "Request limit exceeded.");
        assertThat(ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId()).startsWith("vpc-");
        assertThat(RealisticAws.playedFaults()).containsExactly(
                new PlayedFault("ec2", "DescribeVpcs", "throttle", "RequestLimitExceeded"));
    }

    @Test
    void row56_queryApisThrottledWithThrottling400() {
        RealisticAws.seeded(1).fault(Fault.throttle()).apply();

        assertThrottled(client(IamClient.builder())::listRoles, 400, "Throttling");
        assertThrottled(client(StsClient.builder())::getCallerIdentity, 400, "Throttling");
        assertThrottled(client(AutoScalingClient.builder())::describeAutoScalingGroups, 400, "Throttling");
        assertThrottled(client(ElasticLoadBalancingV2Client.builder())::describeLoadBalancers, 400, "Throttling");
        assertThrottled(client(Route53Client.builder())::listHostedZones, 400, "Throttling");
        assertThat(RealisticAws.playedFaults()).extracting(PlayedFault::service)
                .containsExactly("iam", "sts", "autoscaling", "elasticloadbalancing", "route53");
    }

    @Test
    void row57_jsonApisThrottledWithThrottlingException400() {
        RealisticAws.seeded(1).fault(Fault.throttle()).apply();

        assertThrottled(client(KmsClient.builder())::listKeys, 400, "ThrottlingException");
        assertThrottled(client(SecretsManagerClient.builder())::listSecrets, 400, "ThrottlingException");
        assertThrottled(client(SfnClient.builder())::listStateMachines, 400, "ThrottlingException");
        assertThrottled(() -> client(EventBridgeClient.builder()).listRules(r -> { }), 400, "ThrottlingException");
        assertThrottled(client(DynamoDbClient.builder())::listTables, 400, "ThrottlingException");
        assertThrottled(client(CloudWatchLogsClient.builder())::describeLogGroups, 400, "ThrottlingException");
        assertThrottled(client(AcmClient.builder())::listCertificates, 400, "ThrottlingException");
    }

    @Test
    void row58_lambdaThrottledWithTooManyRequests429() {
        RealisticAws.seeded(1).fault(Fault.throttle().on("lambda", "*")).apply();

        assertThrottled(client(LambdaClient.builder())::listFunctions, 429, "TooManyRequestsException");
    }

    @Test
    void row59_s3ThrottledWithSlowDown503() {
        RealisticAws.seeded(1).fault(Fault.throttle().on("s3", "ListBuckets")).apply();

        assertAwsError(client(S3Client.builder().forcePathStyle(true))::listBuckets, S3Exception.class, 503, "SlowDown",
                "Please reduce your request rate.");
    }

    @Test
    void serverErrorsAre500Or503WithTheServicesCode() {
        RealisticAws.seeded(3).fault(Fault.serverError().on("ec2", "DescribeVpcs")).apply();
        Ec2Client ec2 = client(Ec2Client.builder());

        for (int i = 0; i < 8; i++) {
            assertThatThrownBy(ec2::describeVpcs).isInstanceOfSatisfying(Ec2Exception.class, e -> {
                assertThat(e.statusCode()).isIn(500, 503);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo(e.statusCode() == 500 ? "InternalError" : "Unavailable");
            });
        }
        assertThat(RealisticAws.playedFaults()).extracting(PlayedFault::code).contains("InternalError", "Unavailable");
    }

    @Test
    void aRateAndASeedPlayTheSameFaultsOnEveryRun() {
        Ec2Client ec2 = client(Ec2Client.builder());
        RealisticAws config = RealisticAws.seeded(42).fault(Fault.throttle().on("ec2", "DescribeVpcs").rate(0.5));

        config.apply();
        String first = outcomes(ec2, 20);
        config.apply();

        assertThat(outcomes(ec2, 20)).isEqualTo(first).contains("T").contains(".");
    }

    @Test
    void timesLimitsHowOftenARuleFires() {
        RealisticAws.seeded(1).fault(Fault.throttle().on("ec2", "DescribeVpcs").times(2)).apply();

        assertThat(outcomes(client(Ec2Client.builder()), 4)).isEqualTo("TT..");
    }

    @Test
    void aSlowAnswerArrivesLateButComplete() {
        RealisticAws.seeded(1).fault(Fault.slow(Duration.ofMillis(800)).on("ec2", "DescribeVpcs")).apply();
        Ec2Client ec2 = client(Ec2Client.builder());

        Instant start = Instant.now();
        assertThat(ec2.describeVpcs().vpcs()).isNotEmpty();
        assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(800));
    }

    @Test
    void aResetConnectionExecutesNothing() {
        RealisticAws.seeded(1).fault(Fault.reset().on("ec2", "CreateVpc")).apply();
        Ec2Client ec2 = client(Ec2Client.builder());

        assertThatThrownBy(() -> ec2.createVpc(r -> r.cidrBlock("10.7.0.0/16"))).isInstanceOf(SdkClientException.class);
        RealisticAws.off();
        assertThat(ec2.describeVpcs(r -> r.filters(f -> f.name("cidr").values("10.7.0.0/16"))).vpcs()).isEmpty();
    }

    @Test
    void aLostAnswerLeavesTheResourceCreated() {
        RealisticAws.seeded(1).fault(Fault.lostAnswer().on("ec2", "CreateVpc")).apply();
        Ec2Client ec2 = client(Ec2Client.builder());

        assertThatThrownBy(() -> ec2.createVpc(r -> r.cidrBlock("10.8.0.0/16"))).isInstanceOf(SdkClientException.class);
        assertThat(RealisticAws.playedFaults()).containsExactly(new PlayedFault("ec2", "CreateVpc", "lost-answer", null));
        RealisticAws.off();
        assertThat(ec2.describeVpcs(r -> r.filters(f -> f.name("cidr").values("10.8.0.0/16"))).vpcs()).hasSize(1);
    }

    @Test
    void aResetOfTheEmulatorSwitchesTheLayerOff() {
        RealisticAws.seeded(1).fault(Fault.throttle()).apply();

        LocalAws.reset();

        assertThat(client(Ec2Client.builder()).describeVpcs().vpcs()).isNotEmpty();
        assertThat(RealisticAws.playedFaults()).isEmpty();
    }

    /** "T" for each throttled call, "." for each answered one. */
    private static String outcomes(Ec2Client ec2, int calls) {
        StringBuilder outcomes = new StringBuilder();
        for (int i = 0; i < calls; i++) {
            try {
                ec2.describeVpcs();
                outcomes.append('.');
            } catch (Ec2Exception e) {
                outcomes.append(e.isThrottlingException() ? "T" : "?");
            }
        }
        return outcomes.toString();
    }

    private static void assertThrottled(ThrowingCallable call, int status, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.isThrottlingException()).as("isThrottlingException of %s", code).isTrue();
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
        });
    }

    static <E extends AwsServiceException> void assertAwsError(ThrowingCallable call, Class<E> type, int status,
            String code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(type, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.awsErrorDetails().errorMessage()).contains(message);
        });
    }

    /** A client of the emulator that never retries, so each call meets exactly one answer. */
    static <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
        return builder.region(Region.of(LocalAws.REGION))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }
}
