package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.weka.aws.operator.aws.AwsErrors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** What a failure message says of AWS's answer: its code and message, and never "null: null". */
class AwsErrorsTest {
    @Test
    void anAnswerWithACodeAndMessageIsDescribedByThem() {
        assertThat(AwsErrors.describe(refusal(400, "ValidationError", "Group not found"))).isEqualTo(
                "ValidationError: Group not found");
    }

    @Test
    void anEmptyAnswerIsDescribedByItsStatusAndService() {
        assertThat(AwsErrors.describe(refusal(403, null, null)))
                .isEqualTo("HTTP 403 from AutoScaling, without an AWS error code or message");
        assertThat(AwsErrors.describe(refusal(502, null, "Bad Gateway"))).isEqualTo("HTTP 502: Bad Gateway");
        assertThat(AwsErrors.describe(refusal(400, "Throttling", null))).isEqualTo("Throttling: no message");
        assertThat(AwsErrors.describe(AwsServiceException.builder().statusCode(503).build()))
                .isEqualTo("HTTP 503, without an AWS error code or message");
    }

    @Test
    void aClientFailureIsDescribedByItsMessage() {
        assertThat(AwsErrors.describe(SdkClientException.create("Unable to execute HTTP request: Connection reset")))
                .isEqualTo("Unable to execute HTTP request: Connection reset");
    }

    private static AwsServiceException refusal(int status, String code, String message) {
        return AwsServiceException.builder().statusCode(status).awsErrorDetails(AwsErrorDetails.builder()
                .serviceName("AutoScaling").errorCode(code).errorMessage(message).build()).build();
    }
}
