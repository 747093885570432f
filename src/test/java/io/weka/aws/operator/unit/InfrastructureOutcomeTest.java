package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.weka.aws.operator.reconciler.AwsWaits;
import io.weka.aws.operator.reconciler.InfrastructureOutcome;
import io.weka.aws.operator.reconciler.InfrastructureOutcome.Verdict;
import io.weka.aws.operator.resources.ConvergenceGraph;
import io.weka.aws.operator.resources.ResourceConflictException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/**
 * What a failed convergence means: a wait for AWS inside the catalogue's window is no failure yet, past it a failure
 * that is still retried; what needs a change is terminal; every message names the resource, AWS's code and message.
 */
class InfrastructureOutcomeTest {
    private static final Instant T0 = Instant.parse("2026-12-03T22:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final AwsWaits waits = new AwsWaits(clock);

    @Test
    void aRoleNotYetKnownToLambdaIsWaitedOutForFifteenMinutesThenAFailureStillRetried() {
        InfrastructureOutcome first = pass(Map.of("LambdaFunction", roleNotAssumable()), List.of("EventRule"));
        assertThat(first.verdict()).isEqualTo(Verdict.WAITING);
        assertThat(first.verdict().failed()).isFalse();
        assertThat(first.reason()).isEqualTo("WaitingForAws");
        assertThat(first.message()).isEqualTo("LambdaFunction: InvalidParameterValueException: The role defined for "
                + "the function cannot be assumed by Lambda. (waiting for AWS since 2026-12-03T22:00:00Z, for up to "
                + "15 min: a new execution role is not yet known to Lambda) (waiting on them: EventRule)");

        clock.advance(Duration.ofMinutes(15));
        InfrastructureOutcome atTheEnd = pass(Map.of("LambdaFunction", roleNotAssumable()), List.of());
        assertThat(atTheEnd.verdict()).as("the window counts from the first sight").isEqualTo(Verdict.WAITING);
        assertThat(atTheEnd.message()).as("a message that does not change on every pass")
                .contains("since 2026-12-03T22:00:00Z");

        clock.advance(Duration.ofSeconds(1));
        InfrastructureOutcome after = pass(Map.of("LambdaFunction", roleNotAssumable()), List.of());
        assertThat(after.verdict()).isEqualTo(Verdict.FAILING);
        assertThat(after.verdict().failed()).isTrue();
        assertThat(after.reason()).isEqualTo("AwsWaitExceeded");
        assertThat(after.message()).startsWith("LambdaFunction: InvalidParameterValueException: The role defined for "
                + "the function cannot be assumed by Lambda. (since 2026-12-03T22:00:00Z: longer than the 15 min")
                .endsWith("still retried)");
    }

    @Test
    void aWaitThatEndsStartsAnewTheNextTime() {
        pass(Map.of("LambdaFunction", roleNotAssumable()), List.of());
        clock.advance(Duration.ofMinutes(10));
        pass(Map.of(), List.of());
        clock.advance(Duration.ofMinutes(10));

        InfrastructureOutcome again = pass(Map.of("LambdaFunction", roleNotAssumable()), List.of());

        assertThat(again.verdict()).isEqualTo(Verdict.WAITING);
        assertThat(again.message()).contains("since 2026-12-03T22:20:00Z");
    }

    @Test
    void aPassCutShortBeforeTheResourcesForgetsNoWindow() {
        pass(Map.of("LambdaFunction", roleNotAssumable()), List.of());
        clock.advance(Duration.ofMinutes(10));
        AwsWaits.Pass throttled = waits.pass("cluster");
        InfrastructureOutcome.ofFailure("sts", ec2(400, "Throttling", "Rate exceeded"), throttled);
        throttled.end();
        clock.advance(Duration.ofMinutes(6));

        InfrastructureOutcome outcome = pass(Map.of("LambdaFunction", roleNotAssumable()), List.of());

        assertThat(outcome.verdict()).as("16 min since it was first seen").isEqualTo(Verdict.FAILING);
    }

    @Test
    void aWaitOutsideTheResourcesKeepsItsWindowAcrossPasses() {
        for (int minute = 0; minute <= 6; minute += 3) {
            AwsWaits.Pass pass = waits.pass("cluster");
            InfrastructureOutcome.of(result(Map.of(), List.of()), pass);
            InfrastructureOutcome backends = InfrastructureOutcome.ofFailure("ec2", ec2(400,
                    "InvalidInstanceID.NotFound", "The instance ID 'i-1' does not exist"), pass);
            pass.end();
            assertThat(backends.verdict()).as("after %d min of EC2's 5", minute)
                    .isEqualTo(minute <= 5 ? Verdict.WAITING : Verdict.FAILING);
            clock.advance(Duration.ofMinutes(3));
        }
    }

    @Test
    void eachClusterHasItsOwnWindow() {
        pass(Map.of("LambdaFunction", roleNotAssumable()), List.of());
        clock.advance(Duration.ofMinutes(20));

        AwsWaits.Pass other = waits.pass("other-cluster");
        InfrastructureOutcome otherCluster = InfrastructureOutcome.of(result(Map.of("LambdaFunction",
                roleNotAssumable()), List.of()), other);

        assertThat(otherCluster.verdict()).isEqualTo(Verdict.WAITING);
    }

    @Test
    void whatOnlyAChangeCanMendIsTerminalAndNamesTheResourceAndAwssAnswer() {
        InfrastructureOutcome outcome = pass(Map.of("LaunchTemplate", ec2(400, "UnauthorizedOperation",
                "You are not authorized to perform this operation."), "PlacementGroup",
                new ResourceConflictException("placement group weka-pg exists but belongs to another cluster")),
                List.of());

        assertThat(outcome.verdict()).isEqualTo(Verdict.TERMINAL);
        assertThat(outcome.reason()).as("two reasons").isEqualTo("AwsResourcesFailed");
        assertThat(outcome.message()).isEqualTo("LaunchTemplate: UnauthorizedOperation: You are not authorized to "
                + "perform this operation.; PlacementGroup: placement group weka-pg exists but belongs to another "
                + "cluster");
    }

    @Test
    void aTerminalFailureBesideOneThatIsRetriedIsRetried() {
        InfrastructureOutcome outcome = pass(Map.of("LaunchTemplate", ec2(400, "UnauthorizedOperation", "no"),
                "Vpc", ec2(503, "RequestLimitExceeded", "Request limit exceeded.")), List.of());

        assertThat(outcome.verdict()).isEqualTo(Verdict.FAILING);
        assertThat(outcome.reason()).as("the most serious one's").isEqualTo("AwsRequestRefused");
    }

    @Test
    void throttlingIsRetriedAndNeverAFailureOfTheCluster() {
        InfrastructureOutcome outcome = pass(Map.of("Vpc", ec2(503, "RequestLimitExceeded", "Request limit "
                + "exceeded.")), List.of());

        assertThat(outcome.verdict()).isEqualTo(Verdict.RETRYING);
        assertThat(outcome.reason()).isEqualTo("AwsUnavailable");
        assertThat(outcome.message()).isEqualTo("Vpc: RequestLimitExceeded: Request limit exceeded.");
    }

    @Test
    void anUnlistedRefusalIsAFailureAtOnceAndRetried() {
        InfrastructureOutcome outcome = pass(Map.of("Instances", ec2(400, "IdempotentParameterMismatch",
                "token reused")), List.of());

        assertThat(outcome.verdict()).isEqualTo(Verdict.FAILING);
        assertThat(outcome.reason()).isEqualTo("AwsRequestRefused");
    }

    @Test
    void refusedCredentialsAreSaidAsSuch() {
        SdkException denied = software.amazon.awssdk.services.sts.model.StsException.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidClientTokenId").errorMessage(
                        "The security token included in the request is invalid.").build()).build();

        InfrastructureOutcome outcome = InfrastructureOutcome.ofFailure("sts", denied, waits.pass("cluster"));

        assertThat(outcome.verdict()).isEqualTo(Verdict.TERMINAL);
        assertThat(outcome.reason()).isEqualTo("AwsAuthenticationFailed");
        assertThat(outcome.message()).isEqualTo("sts: InvalidClientTokenId: The security token included in the "
                + "request is invalid.");
    }

    private InfrastructureOutcome pass(Map<String, RuntimeException> failures, List<String> blocked) {
        AwsWaits.Pass pass = waits.pass("cluster");
        InfrastructureOutcome outcome = InfrastructureOutcome.of(result(failures, blocked), pass);
        pass.end();
        return outcome;
    }

    private static ConvergenceGraph.Result result(Map<String, RuntimeException> failures, List<String> blocked) {
        return new ConvergenceGraph.Result(failures, blocked, List.of());
    }

    private static LambdaException roleNotAssumable() {
        return (LambdaException) LambdaException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("InvalidParameterValueException")
                .errorMessage("The role defined for the function cannot be assumed by Lambda.").build()).build();
    }

    private static Ec2Exception ec2(int status, String code, String message) {
        return (Ec2Exception) Ec2Exception.builder().statusCode(status).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode(code).errorMessage(message).build()).build();
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
