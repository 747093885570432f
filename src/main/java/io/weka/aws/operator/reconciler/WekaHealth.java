package io.weka.aws.operator.reconciler;

import io.weka.aws.operator.aws.AwsErrors;
import io.weka.aws.operator.aws.AwsSession;
import io.weka.aws.operator.model.WekaContractException;
import io.weka.aws.operator.model.WekaStatusReport;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** WEKA's own status, asked of the cluster's status function with {@code {"type":"status"}}, and what it means. */
record WekaHealth(boolean healthy, String reason, String message, Optional<WekaStatusReport.Weka> weka) {
    static final String STARTED = "STARTED";
    private static final int MESSAGE_LIMIT = 200;
    private static final SdkBytes STATUS_REQUEST = SdkBytes.fromUtf8String("{\"type\":\"status\"}");

    static WekaHealth unknown(String reason, String message) {
        return new WekaHealth(false, reason, message, Optional.empty());
    }

    static WekaHealth ask(AwsSession aws, String statusFunction) {
        InvokeResponse response;
        try {
            response = aws.lambda().invoke(r -> r.functionName(statusFunction).payload(STATUS_REQUEST));
        } catch (SdkException e) {
            return unknown(Reason.STATUS_FUNCTION_FAILED, statusFunction + " could not be invoked: "
                    + AwsErrors.describe(e));
        }
        String payload = response.payload() == null ? "" : response.payload().asString(StandardCharsets.UTF_8);
        if (response.functionError() != null) {
            return unknown(Reason.STATUS_FUNCTION_FAILED, statusFunction + " failed (" + response.functionError()
                    + "): " + shortened(payload));
        }
        try {
            return of(WekaStatusReport.parse(payload));
        } catch (WekaContractException e) {
            return unknown(Reason.STATUS_UNREADABLE, statusFunction + ": " + e.getMessage());
        }
    }

    static WekaHealth of(WekaStatusReport report) {
        if (report.weka().isEmpty()) {
            return unknown(Reason.WEKA_UNREACHABLE, "the status function could not reach WEKA through the "
                    + "management function");
        }
        WekaStatusReport.Weka weka = report.weka().get();
        return STARTED.equals(weka.ioStatus())
                ? new WekaHealth(true, Reason.IO_STARTED, "WEKA IO is started", report.weka())
                : new WekaHealth(false, Reason.IO_NOT_STARTED, "WEKA IO status is " + weka.ioStatus(), report.weka());
    }

    private static String shortened(String text) {
        return text.length() <= MESSAGE_LIMIT ? text : text.substring(0, MESSAGE_LIMIT) + "…";
    }
}
