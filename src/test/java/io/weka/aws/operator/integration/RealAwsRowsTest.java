package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.weka.aws.operator.api.v1alpha1.status.Phase;
import io.weka.aws.operator.testenv.RealisticAws;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The first rows of real AWS's catalogue that a first create meets, one at a time: only that service plays its
 * behaviour (the realism layer's behavioursIn), the operator meets it (the played log shows AWS's refusal or state),
 * and the cluster still becomes Ready without its phase ever being Failed. Before the classification, each refusal
 * below was a 4xx and therefore terminal: the cluster went Failed at the first one.
 */
class RealAwsRowsTest extends SimulatedClusterScenario {
    /** Long enough that the consumer's call of a first create falls inside it, even on a loaded machine. */
    private static final Duration PROPAGATION = Duration.ofSeconds(20);
    private static final Duration ASYNC = Duration.ofSeconds(4);

    RealAwsRowsTest() {
        super("aws-rows");
    }

    @AfterEach
    void realAwsOff() {
        RealisticAws.off();
    }

    static Stream<Arguments> rows() {
        UnaryOperator<RealisticAws> propagation = r -> r.iamPropagation(PROPAGATION);
        UnaryOperator<RealisticAws> async = r -> r.async(ASYNC);
        return Stream.of(
                Arguments.of("row 27: Lambda, a new execution role", "lambda", propagation, "",
                        "InvalidParameterValueException"),
                Arguments.of("row 18: Auto Scaling, a new instance profile", "autoscaling", propagation, "",
                        "ValidationError"),
                Arguments.of("row 38: KMS, a key policy naming new roles", "kms", propagation,
                        "secretsManager: {createKmsKey: true}\nencryption: {ebs: true}\n",
                        "MalformedPolicyDocumentException"),
                Arguments.of("row 33: Step Functions, a new role", "states", propagation, "", "AccessDeniedException"),
                Arguments.of("row 35: EventBridge, a target's new role", "events", propagation, "",
                        "ValidationException"),
                Arguments.of("rows 30/31: Lambda Pending and update InProgress", "lambda", async, "", "Pending"),
                Arguments.of("row 44: DynamoDB CREATING", "dynamodb", async, "", "CREATING"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aFirstCreateMeetingTheRowBecomesReadyWithoutEverFailing(String row, String service,
            UnaryOperator<RealisticAws> behaviour, String spec, String played) {
        // Auto Scaling learns a launch template's profile from EC2's CreateLaunchTemplate, which EC2's side records.
        behaviour.apply(RealisticAws.seeded(10).behavioursIn(service, "ec2")).apply();

        List<Phase> phases = new CopyOnWriteArrayList<>();
        playUntilReady(cluster("row", "loadBalancer: {enabled: false}\n" + spec), status -> phases.add(status.phase));

        assertThat(RealisticAws.playedFaults()).as("what %s played", service)
                .anySatisfy(f -> {
                    assertThat(f.service()).isEqualTo(service);
                    assertThat(f.code()).isEqualTo(played);
                });
        assertThat(phases).as("phases the cluster went through").doesNotContain(Phase.Failed).contains(Phase.Ready);
    }
}
