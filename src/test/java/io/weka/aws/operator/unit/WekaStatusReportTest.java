package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weka.aws.operator.model.WekaContractException;
import io.weka.aws.operator.model.WekaStatusReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The status function's answer to {"type":"status"} (fixtures under src/test/resources/weka). */
class WekaStatusReportTest {
    private static WekaStatusReport parse(String name) throws IOException {
        return WekaStatusReport.parse(Files.readString(Path.of("src/test/resources/weka", name)));
    }

    @Test
    void aStartedClusterGivesIoReleaseHostsDrivesCapacityAndAlerts() throws IOException {
        WekaStatusReport report = parse("status-started.json");

        assertThat(report.clusterized()).isTrue();
        assertThat(report.weka()).contains(new WekaStatusReport.Weka("STARTED", "4.4.10", 6, 6, 2, 12, 12,
                42949672960000L, 35791394133334L, 2));
    }

    @Test
    void anEmptyWekaStatusMeansTheManagementFunctionCouldNotReachWeka() throws IOException {
        WekaStatusReport report = parse("status-management-failed.json");

        assertThat(report.clusterized()).isTrue();
        assertThat(report.weka()).isEmpty();
    }

    @Test
    void beforeClusterizationThereIsNoWekaStatus() {
        assertThat(WekaStatusReport.parse("{\"initial_size\":6,\"desired_size\":6,\"clusterized\":false}"))
                .isEqualTo(new WekaStatusReport(false, java.util.Optional.empty()));
    }

    @Test
    void malformedAnswersAreErrorsThatSayWhat() {
        assertThatThrownBy(() -> parse("status-invalid-type.json")).isInstanceOf(WekaContractException.class)
                .hasMessage("the status function answered a string, not an object");
        assertThatThrownBy(() -> parse("status-malformed-drives.json")).isInstanceOf(WekaContractException.class)
                .hasMessage("weka_status field active in the status function's answer is not a whole number");
        assertThatThrownBy(() -> WekaStatusReport.parse("<html>")).isInstanceOf(WekaContractException.class)
                .hasMessage("the status function answered something that is not JSON");
        assertThatThrownBy(() -> WekaStatusReport.parse("{\"weka_status\": []}"))
                .isInstanceOf(WekaContractException.class)
                .hasMessage("weka_status in the status function's answer is not an object");
        assertThatThrownBy(() -> WekaStatusReport.parse("")).isInstanceOf(WekaContractException.class);
    }
}
