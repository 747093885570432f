package io.weka.aws.operator.integration.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.InvalidReferenceException;
import io.weka.aws.operator.resources.ResourceConflictException;
import io.weka.aws.operator.resources.dynamodb.StateTableResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;

class StateTableResourceTest {
    static final String SPEC = """
            region: us-east-1
            weka: {version: "4.4.10", tokenSecretRef: {name: weka-token}}
            """;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private final StateTableResource resource = new StateTableResource();
    private String namespace;

    @BeforeEach
    void emptyAccount() {
        LocalAws.reset();
        namespace = LocalKubernetes.newNamespace("table");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void createsTheModulesOnDemandTableWithAStringHashKeyAndTheClusterTags() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);

        resource.converge(context);

        TableDescription table = describe(context, "weka-prod-weka-deployment");
        assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(table.keySchema()).containsExactly(KeySchemaElement.builder().attributeName("Key")
                .keyType(KeyType.HASH).build());
        assertThat(table.attributeDefinitions()).containsExactly(AttributeDefinition.builder().attributeName("Key")
                .attributeType(ScalarAttributeType.S).build());
        assertThat(tags(context, table)).containsEntry("weka_cluster_name", "prod")
                .containsEntry("weka.io/cluster-uid", cluster.getMetadata().getUid())
                .containsEntry("weka.io/cluster", namespace + "/prod")
                .containsEntry("aws-apn-id", "pc:epkj0ftddjwa38m3oq9umjjlm");
        assertThat(context.require(Facts.STATE_TABLE_NAME)).isEqualTo("weka-prod-weka-deployment");
        assertThat(context.require(Facts.STATE_TABLE_ARN)).isEqualTo(table.tableArn());
        assertThat(context.changes()).extracting(ClusterContext.Change::action).containsExactly("Created");
    }

    @Test
    void theDbPrefixNamesTheTableAndTheHashKeyIsTheSpecs() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC
                + "customPrefix: {db: mydb}\nstateTable: {hashKey: Id}\n");
        ClusterContext context = TestClusters.context(cluster, aws);

        resource.converge(context);

        TableDescription table = describe(context, "mydb-prod-weka-deployment");
        assertThat(table.keySchema()).extracting(KeySchemaElement::attributeName).containsExactly("Id");
        assertThat(context.require(Facts.STATE_TABLE_NAME)).isEqualTo("mydb-prod-weka-deployment");
    }

    @Test
    void aSecondConvergeMakesNoMutatingCall() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        resource.converge(TestClusters.context(cluster, aws));
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);

        ClusterContext second = TestClusters.context(cluster, aws);
        resource.converge(second);

        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(second.changes()).isEmpty();
        assertThat(second.require(Facts.STATE_TABLE_NAME)).isEqualTo("weka-prod-weka-deployment");
    }

    @Test
    void billingModeAndTagDriftIsUpdatedInPlace() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);
        resource.converge(context);
        DynamoDbClient dynamoDb = context.aws().dynamoDb();
        String arn = context.require(Facts.STATE_TABLE_ARN);
        dynamoDb.updateTable(r -> r.tableName("weka-prod-weka-deployment").billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(t -> t.readCapacityUnits(1L).writeCapacityUnits(1L)));
        dynamoDb.untagResource(r -> r.resourceArn(arn).tagKeys("weka_cluster_name"));

        ClusterContext again = TestClusters.context(cluster, aws);
        resource.converge(again);

        TableDescription table = describe(again, "weka-prod-weka-deployment");
        assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(tags(again, table)).containsEntry("weka_cluster_name", "prod");
        assertThat(again.changes()).extracting(ClusterContext.Change::detail)
                .containsExactly("billing mode PAY_PER_REQUEST", "tags [weka_cluster_name]");
    }

    @Test
    void aNamedTableIsUsedAndNoTableIsCreated() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC + "stateTable: {name: shared-state}\n");
        ClusterContext context = TestClusters.context(cluster, aws);
        String arn = createTable(context, "shared-state", "Key").tableArn();
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);

        resource.converge(context);

        assertThat(context.aws().dynamoDb().listTables().tableNames()).containsExactly("shared-state");
        assertThat(context.require(Facts.STATE_TABLE_NAME)).isEqualTo("shared-state");
        assertThat(context.require(Facts.STATE_TABLE_ARN)).isEqualTo(arn);
        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(context.changes()).isEmpty();
    }

    @Test
    void aMissingNamedTableOrOneWithAnotherKeyIsAConfigurationError() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC + "stateTable: {name: shared-state}\n");

        assertThatThrownBy(() -> resource.converge(TestClusters.context(cluster, aws)))
                .isInstanceOf(InvalidReferenceException.class).hasMessageContaining("shared-state")
                .hasMessageContaining("not found");
        createTable(TestClusters.context(cluster, aws), "shared-state", "pk");
        assertThatThrownBy(() -> resource.converge(TestClusters.context(cluster, aws)))
                .isInstanceOf(InvalidReferenceException.class).hasMessageContaining("no string hash key Key");
    }

    @Test
    void aNamesakeTableOfAnotherClusterIsNotTakenOver() {
        WekaCluster other = TestClusters.stored(LocalKubernetes.newNamespace("other"), "prod", SPEC);
        resource.converge(TestClusters.context(other, aws));
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);

        assertThatThrownBy(() -> resource.converge(TestClusters.context(cluster, aws)))
                .isInstanceOf(ResourceConflictException.class).hasMessageContaining("belongs to other-");
    }

    @Test
    void anUntaggedNamesakeIsNotTakenOverEither() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);
        createTable(context, "weka-prod-weka-deployment", "Key");

        assertThatThrownBy(() -> resource.converge(context))
                .isInstanceOf(ResourceConflictException.class).hasMessageContaining("belongs to no WekaCluster");
    }

    static TableDescription createTable(ClusterContext context, String name, String hashKey) {
        return context.aws().dynamoDb().createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName(hashKey).attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName(hashKey).keyType(KeyType.HASH))).tableDescription();
    }

    private static TableDescription describe(ClusterContext context, String name) {
        return context.aws().dynamoDb().describeTable(r -> r.tableName(name)).table();
    }

    private static Map<String, String> tags(ClusterContext context, TableDescription table) {
        return context.aws().dynamoDb().listTagsOfResource(r -> r.resourceArn(table.tableArn())).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
