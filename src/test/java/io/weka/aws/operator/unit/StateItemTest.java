package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weka.aws.operator.model.StateItem;
import io.weka.aws.operator.testenv.Golden;
import org.junit.jupiter.api.Test;

class StateItemTest {
    /** The item heredoc of state.tf (aws_dynamodb_table_item.weka_deployment_state), verbatim. */
    private static final String MODULE_ITEM = """
            {
              "${local.dynamodb_hash_key_name}": {"S": "${local.state_key}"},
              "Locked": {"BOOL": false},
              "Value": {"M": {
                "initial_size": {"N": "${var.cluster_size}"},
                "desired_size": {"N": "${var.cluster_size}"},
                "clusterization_target": {"N": "${var.cluster_size}"},
                "instances": {"L": []},
                "clusterized": {"BOOL": false}
              }}
            }
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String module(String hashKey, String key, int size) {
        return MODULE_ITEM.replace("${local.dynamodb_hash_key_name}", hashKey).replace("${local.state_key}", key)
                .replace("${var.cluster_size}", Integer.toString(size));
    }

    @Test
    void theBackendsStateItemIsTheModulesItem() throws Exception {
        String json = StateItem.toDynamoJson(StateItem.initial("Key", "weka-prod-state", 6));

        Golden.assertMatches("state/state-item.json", json);
        assertThat(JSON.readTree(json)).isEqualTo(JSON.readTree(module("Key", "weka-prod-state", 6)));
    }

    @Test
    void theNfsStateItemHasTheSameShapeWithTheGatewayCount() throws Exception {
        String json = StateItem.toDynamoJson(StateItem.initial("Key", "weka-prod-nfs-state", 2));

        Golden.assertMatches("state/nfs-state-item.json", json);
        assertThat(JSON.readTree(json)).isEqualTo(JSON.readTree(module("Key", "weka-prod-nfs-state", 2)));
    }

    @Test
    void aCustomHashKeyNamesTheKeyAttribute() throws Exception {
        String json = StateItem.toDynamoJson(StateItem.initial("Id", "weka-prod-state", 10));

        assertThat(JSON.readTree(json)).isEqualTo(JSON.readTree(module("Id", "weka-prod-state", 10)));
        assertThat(JSON.readTree(json).has("Key")).isFalse();
    }
}
