package io.weka.aws.operator.integration.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.dynamodb.StateItemResource;
import io.weka.aws.operator.resources.dynamodb.StateTableResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class StateItemResourceTest {
    private static final String SPEC = StateTableResourceTest.SPEC + "backends: {count: 7}\n";
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private final StateTableResource table = new StateTableResource();
    private final StateItemResource resource = new StateItemResource();
    private String namespace;

    @BeforeEach
    void emptyAccount() {
        LocalAws.reset();
        namespace = LocalKubernetes.newNamespace("state");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    /** The item state.tf writes, spelled out here independently of the operator's builder. */
    private static Map<String, AttributeValue> moduleItem(String hashKey, String key, String size) {
        return Map.of(hashKey, AttributeValue.fromS(key), "Locked", AttributeValue.fromBool(false),
                "Value", AttributeValue.fromM(Map.of(
                        "initial_size", AttributeValue.fromN(size),
                        "desired_size", AttributeValue.fromN(size),
                        "clusterization_target", AttributeValue.fromN(size),
                        "instances", AttributeValue.fromL(List.of()),
                        "clusterized", AttributeValue.fromBool(false))));
    }

    private ClusterContext converged(WekaCluster cluster) {
        ClusterContext context = TestClusters.context(cluster, aws);
        table.converge(context);
        resource.converge(context);
        return context;
    }

    @Test
    void writesTheBackendsStateItemExactlyAsTheModuleDoes() {
        ClusterContext context = converged(TestClusters.stored(namespace, "prod", SPEC));

        assertThat(item(context, "weka-prod-weka-deployment", "Key", "weka-prod-state"))
                .isEqualTo(moduleItem("Key", "weka-prod-state", "7"));
        assertThat(context.aws().dynamoDb().getItem(r -> r.tableName("weka-prod-weka-deployment").consistentRead(true)
                .key(Map.of("Key", AttributeValue.fromS("weka-prod-state")))).item())
                .as("the cluster's identity beside WEKA's attributes")
                .containsEntry(StateItemResource.OWNER_ATTRIBUTE, AttributeValue.fromS(context.tags().uid()));
        assertThat(item(context, "weka-prod-weka-deployment", "Key", "weka-prod-nfs-state")).isEmpty();
        assertThat(context.changes()).extracting(ClusterContext.Change::kind, ClusterContext.Change::name)
                .contains(tuple("DynamoDBItem", "weka-prod-weka-deployment/weka-prod-state"));
    }

    @Test
    void nfsGatewaysGetTheirOwnStateItemWithTheirCount() {
        ClusterContext context = converged(TestClusters.stored(namespace, "prod", SPEC
                + "protocolGateways: {nfs: {count: 3}}\n"));

        assertThat(item(context, "weka-prod-weka-deployment", "Key", "weka-prod-nfs-state"))
                .isEqualTo(moduleItem("Key", "weka-prod-nfs-state", "3"));
        assertThat(item(context, "weka-prod-weka-deployment", "Key", "weka-prod-state"))
                .isEqualTo(moduleItem("Key", "weka-prod-state", "7"));
    }

    @Test
    void theStateKeysTakeThePlainPrefixAndTheTableTheDbPrefix() {
        ClusterContext context = converged(TestClusters.stored(namespace, "prod", SPEC
                + "customPrefix: {db: mydb}\nstateTable: {hashKey: Id}\n"));

        assertThat(item(context, "mydb-prod-weka-deployment", "Id", "weka-prod-state"))
                .isEqualTo(moduleItem("Id", "weka-prod-state", "7"));
    }

    @Test
    void anItemWekasFunctionsHaveChangedIsNeverOverwritten() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext first = converged(cluster);
        Map<String, AttributeValue> clusterized = Map.of("Key", AttributeValue.fromS("weka-prod-state"),
                "Locked", AttributeValue.fromBool(true),
                "Value", AttributeValue.fromM(Map.of("initial_size", AttributeValue.fromN("7"),
                        "desired_size", AttributeValue.fromN("9"), "clusterization_target", AttributeValue.fromN("7"),
                        "instances", AttributeValue.fromL(List.of()), "clusterized", AttributeValue.fromBool(true))));
        first.aws().dynamoDb().putItem(r -> r.tableName("weka-prod-weka-deployment").item(clusterized));
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);

        ClusterContext second = converged(cluster);

        assertThat(item(second, "weka-prod-weka-deployment", "Key", "weka-prod-state")).isEqualTo(clusterized);
        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(second.changes()).isEmpty();
    }

    @Test
    void aNamedTableGetsTheItemAndNoTableIsCreated() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC
                + "stateTable: {name: shared-state, hashKey: pk}\n");
        StateTableResourceTest.createTable(TestClusters.context(cluster, aws), "shared-state", "pk");

        ClusterContext context = converged(cluster);

        assertThat(context.require(Facts.STATE_TABLE_NAME)).isEqualTo("shared-state");
        assertThat(item(context, "shared-state", "pk", "weka-prod-state")).isEqualTo(moduleItem("pk", "weka-prod-state", "7"));
        assertThat(context.aws().dynamoDb().listTables().tableNames()).containsExactly("shared-state");
    }

    @Test
    void deletionFromANamedTableRemovesOnlyTheItemsThisClusterWrote() {
        String spec = SPEC + "stateTable: {name: shared-state, hashKey: pk}\n";
        WekaCluster first = TestClusters.stored(namespace, "prod", spec);
        StateTableResourceTest.createTable(TestClusters.context(first, aws), "shared-state", "pk");
        converged(first);
        WekaCluster namesake = TestClusters.stored(namespace, "scratch", spec + "clusterName: prod\n");
        ClusterContext namesakeContext = TestClusters.context(namesake, aws);
        assertThat(namesakeContext.names().stateKey()).as("same AWS names").isEqualTo("weka-prod-state");

        resource.delete(namesakeContext);

        assertThat(item(namesakeContext, "shared-state", "pk", "weka-prod-state")).as("the first cluster's item stays")
                .isEqualTo(moduleItem("pk", "weka-prod-state", "7"));

        ClusterContext firstContext = TestClusters.context(first, aws);
        resource.delete(firstContext);

        assertThat(item(firstContext, "shared-state", "pk", "weka-prod-state")).isEmpty();
        assertThat(firstContext.changes()).extracting(ClusterContext.Change::kind, ClusterContext.Change::name)
                .containsExactly(tuple("DynamoDBItem", "shared-state/weka-prod-state"));
    }

    /** The item as WEKA's functions see it: without the owner attribute, which is checked apart. */
    private static Map<String, AttributeValue> item(ClusterContext context, String table, String hashKey, String key) {
        Map<String, AttributeValue> item = new HashMap<>(context.aws().dynamoDb().getItem(r -> r.tableName(table)
                .consistentRead(true).key(Map.of(hashKey, AttributeValue.fromS(key)))).item());
        item.remove(StateItemResource.OWNER_ATTRIBUTE);
        return item;
    }
}
