package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weka.aws.operator.model.ClusterProgress;
import io.weka.aws.operator.model.WekaContractException;
import io.weka.aws.operator.testenv.DynamoJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The state item as WEKA's functions write it (fixtures under src/test/resources/weka, in DynamoDB JSON). */
class ClusterProgressTest {
    private static String fixture(String name) throws IOException {
        return Files.readString(Path.of("src/test/resources/weka", name));
    }

    private static ClusterProgress parse(String name) throws IOException {
        return ClusterProgress.parse(DynamoJson.item(fixture(name)));
    }

    @Test
    void whileClusterizingTheInstancesTargetAndReportsAreRead() throws IOException {
        ClusterProgress progress = parse("state-clusterizing.json");

        assertThat(progress.clusterized()).isFalse();
        assertThat(progress.target()).isEqualTo(6);
        assertThat(progress.readyInstances()).containsExactly("i-0aaa", "i-0bbb");
        assertThat(progress.progress()).hasSize(5);
        assertThat(progress.recentErrors(2)).containsExactly(
                "ip-10-0-1-14.ec2.internal: 12:03:30 UTC: not enough NVMe devices",
                "ip-10-0-1-13.ec2.internal: 12:04:00 UTC: curl retry 2");
        assertThat(progress.recentErrors(10)).hasSize(3).first().asString().contains("curl retry 1");
    }

    @Test
    void inProgressCountsRunningBackendsThatReportedButAreNotReady() throws IOException {
        ClusterProgress progress = parse("state-clusterizing.json");
        Map<String, String> running = Map.of("i-0aaa", "10.0.1.11", "i-0bbb", "10.0.1.12", "i-0ccc", "10.0.1.13",
                "i-0ddd", "10.0.1.14", "i-0eee", "10.0.1.15");

        // .13 and .14 install; .11 and .12 are ready; .15 has not reported; 10.0.9.99 no longer runs.
        assertThat(progress.inProgress(running)).isEqualTo(2);
        assertThat(progress.inProgress(Map.of("i-0ccc", "10.0.1.13"))).isEqualTo(1);
    }

    @Test
    void afterFinalizationGoWritesNullsWhichAreEmpty() throws IOException {
        ClusterProgress progress = parse("state-clusterized.json");

        assertThat(progress.clusterized()).isTrue();
        assertThat(progress.readyInstances()).isEmpty();
        assertThat(progress.recentErrors(5)).isEmpty();
        assertThat(progress.inProgress(Map.of("i-0aaa", "10.0.1.11"))).isZero();
    }

    @Test
    void theModulesInitialItemIsProgressZeroOfTheCount() throws IOException {
        ClusterProgress progress = ClusterProgress.parse(DynamoJson.item(Files.readString(
                Path.of("src/test/resources/golden/state/state-item.json"))));

        assertThat(progress).isEqualTo(new ClusterProgress(false, 6, java.util.List.of(), Map.of(), Map.of()));
    }

    @Test
    void aFieldOfAnotherTypeIsNamedInTheError() throws IOException {
        assertThatThrownBy(() -> parse("state-malformed-target.json")).isInstanceOf(WekaContractException.class)
                .hasMessage("state item Value.clusterization_target is not a whole number (found S)");
        assertMalformed(s -> s.replace("\"clusterized\": {\"BOOL\": false}", "\"clusterized\": {\"S\": \"no\"}"),
                "state item Value.clusterized is not a boolean (found S)");
        assertMalformed(s -> s.replace("{\"S\": \"12:04:00 UTC: curl retry 2\"}", "{\"N\": \"2\"}"),
                "state item Value.errors.ip-10-0-1-13.ec2.internal is not a list of strings (found N)");
        assertMalformed(s -> s.replace("\"name\": {\"S\": \"i-0aaa\"}", "\"nom\": {\"S\": \"i-0aaa\"}"),
                "state item Value.instances holds an entry without a name");
        assertThatThrownBy(() -> ClusterProgress.parse(DynamoJson.item("{\"Key\": {\"S\": \"k\"}}")))
                .isInstanceOf(WekaContractException.class).hasMessage("the state item has no Value map");
    }

    private static void assertMalformed(UnaryOperator<String> change, String message) throws IOException {
        String json = change.apply(fixture("state-clusterizing.json"));
        assertThat(json).isNotEqualTo(fixture("state-clusterizing.json"));
        assertThatThrownBy(() -> ClusterProgress.parse(DynamoJson.item(json)))
                .isInstanceOf(WekaContractException.class).hasMessage(message);
    }
}
