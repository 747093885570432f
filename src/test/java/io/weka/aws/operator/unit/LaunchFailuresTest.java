package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.aws.AwsSession;
import io.weka.aws.operator.reconciler.LaunchFailures;
import io.weka.aws.operator.reconciler.LaunchFailures.Launches;
import io.weka.aws.operator.reconciler.LaunchFailures.LaunchFailure;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.ScalingActivityStatusCode;

/** Reading a group's scaling activities (newest first, as AWS lists them), with the texts of the realism catalogue. */
class LaunchFailuresTest {
    private static final String GROUP = "weka-poc-autoscaling-group";
    /** Row 22, as the activity's StatusMessage carries it. */
    private static final String NO_CAPACITY = "We currently do not have sufficient i3en.6xlarge capacity in the "
            + "Availability Zone you requested (us-east-1a). Our system will be working on provisioning additional "
            + "capacity. You can currently get i3en.6xlarge capacity by not specifying an Availability Zone in your "
            + "request or choosing us-east-1b, us-east-1c. Launching EC2 instance failed.";
    /** Row 24. */
    private static final String VCPU_LIMIT = "You have requested more vCPU capacity than your current vCPU limit of 32 "
            + "allows for the instance bucket that the specified instance type belongs to. Please visit "
            + "http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit. Launching EC2 "
            + "instance failed.";

    @Test
    void theNewestFailureCountsWithEc2sCodeAndAwssMessage() {
        assertThat(LaunchFailures.latest(GROUP, List.of(failed(VCPU_LIMIT), failed(NO_CAPACITY), succeeded())))
                .contains(new LaunchFailure(GROUP, "VcpuLimitExceeded", VCPU_LIMIT));
    }

    @Test
    void failuresBeforeTheLastSuccessfulLaunchAreOver() {
        assertThat(LaunchFailures.latest(GROUP, List.of(succeeded(), failed(NO_CAPACITY), failed(NO_CAPACITY))))
                .isEmpty();
        assertThat(LaunchFailures.latest(GROUP, List.of())).isEmpty();
    }

    @Test
    void activitiesStillRunningOrCancelledNeitherFailNorEndAFailure() {
        Activity inProgress = activity(ScalingActivityStatusCode.IN_PROGRESS, null);
        Activity cancelled = activity(ScalingActivityStatusCode.CANCELLED, "cancelled");
        assertThat(LaunchFailures.latest(GROUP, List.of(inProgress, cancelled, failed(NO_CAPACITY), succeeded())))
                .hasValueSatisfying(f -> assertThat(f.code()).isEqualTo("InsufficientInstanceCapacity"));
        assertThat(LaunchFailures.latest(GROUP, List.of(inProgress, succeeded(), failed(NO_CAPACITY)))).isEmpty();
    }

    /** AWS retries a launch whose fresh instance profile EC2 does not see yet, and it succeeds within seconds. */
    @Test
    void aProfileNotPropagatedYetIsPassedOver() {
        String profile = "You must use a valid fully-formed launch template. Value (weka-poc-backend-profile) for "
                + "parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name. Launching EC2 "
                + "instance failed.";
        assertThat(LaunchFailures.latest(GROUP, List.of(failed(profile), succeeded()))).isEmpty();
        assertThat(LaunchFailures.latest(GROUP, List.of(failed(profile), failed(NO_CAPACITY))))
                .hasValueSatisfying(f -> assertThat(f.message()).isEqualTo(NO_CAPACITY));
    }

    @Test
    void aFailureWithoutStatusMessageIsToldByItsDescription() {
        Activity bare = Activity.builder().statusCode(ScalingActivityStatusCode.FAILED)
                .description("Launching a new EC2 instance.  Status Reason: boom. Launching EC2 instance failed.").build();
        assertThat(LaunchFailures.latest(GROUP, List.of(bare))).contains(new LaunchFailure(GROUP,
                LaunchFailures.UNKNOWN_CODE, "Launching a new EC2 instance.  Status Reason: boom. Launching EC2 "
                        + "instance failed."));
    }

    @Test
    void theDescriptionNamesTheGroupThenAwssWords() {
        assertThat(new LaunchFailure(GROUP, "VcpuLimitExceeded", VCPU_LIMIT).describe())
                .isEqualTo("Auto Scaling group " + GROUP + " cannot launch instances: " + VCPU_LIMIT);
    }

    /** A refused or throttled read is a diagnosis missed, not a failed reconcile: status keeps what it said. */
    @Test
    void activitiesThatCannotBeReadLeaveTheStatusAsItWas() {
        try (AwsClientFactory factory = new AwsClientFactory(new SimpleMeterRegistry())) {
            AwsSession session = factory.session("us-east-1", "refused", () -> () -> {
                throw SdkClientException.create("no credentials");
            });
            assertThat(LaunchFailures.backends(session, GROUP, true)).isEqualTo(Launches.NOT_OBSERVED);
            assertThat(LaunchFailures.backends(session, GROUP, false)).as("a group with all its instances is not read")
                    .isEqualTo(new Launches(true, true, List.of()));
            assertThat(LaunchFailures.backends(session, null, true)).as("no group yet").isEqualTo(Launches.NOT_OBSERVED);
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        NO_CAPACITY + "|InsufficientInstanceCapacity",
        "We currently do not have sufficient capacity to launch all of the additional requested instances into "
                + "Placement Group 'weka-poc-placement-group'. You may be able to satisfy your full cluster requirement "
                + "by first terminating all of the existing instances. Launching EC2 instance failed."
                + "|InsufficientInstanceCapacity",
        VCPU_LIMIT + "|VcpuLimitExceeded",
        "Your requested instance type (i3en.6xlarge) is not supported in your requested Availability Zone "
                + "(us-east-1e). Launching EC2 instance failed.|Unsupported",
        "The placement group 'weka-poc-placement-group' is in use in another availability zone: us-east-1a. "
                + "Launching EC2 instance failed.|InvalidPlacementGroupInUse",
        "Network interfaces and an instance-level security groups may not be specified on the same request. "
                + "Launching EC2 instance failed.|InvalidParameterCombination",
        "Authentication Failure. Launching EC2 instance failed.|LaunchFailed"})
    void eachCatalogueMessageGivesItsCode(String statusMessage, String code) {
        assertThat(LaunchFailures.code(statusMessage)).isEqualTo(code);
    }

    private static Activity failed(String statusMessage) {
        return activity(ScalingActivityStatusCode.FAILED, statusMessage);
    }

    private static Activity succeeded() {
        return activity(ScalingActivityStatusCode.SUCCESSFUL, null);
    }

    private static Activity activity(ScalingActivityStatusCode code, String statusMessage) {
        return Activity.builder().statusCode(code).statusMessage(statusMessage).progress(100)
                .description("Launching a new EC2 instance").build();
    }
}
