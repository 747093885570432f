package io.weka.aws.operator.resources.dynamodb;

import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.InvalidReferenceException;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.ResourceConflictException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * The DynamoDB table WEKA's functions keep clusterization state in ({@code state.tf}): on-demand, one string hash
 * key. With {@code stateTable.name} an existing table is used and nothing is created.
 */
public final class StateTableResource implements AwsResource {
    private static final WaiterOverrideConfiguration UNTIL_ACTIVE = WaiterOverrideConfiguration.builder()
            .maxAttempts(60).backoffStrategy(a -> Duration.ofSeconds(1)).build();

    @Override
    public String kind() {
        return "DynamoDBTable";
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(Facts.STATE_TABLE_NAME, Facts.STATE_TABLE_ARN);
    }

    static CreateTableRequest desired(ClusterContext context) {
        String hashKey = context.spec().stateTable.hashKey;
        return CreateTableRequest.builder()
                .tableName(context.names().stateTable())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName(hashKey)
                        .attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build())
                .tags(context.tags().as((k, v) -> Tag.builder().key(k).value(v).build()))
                .build();
    }

    /** The hash key cannot change in place; the module would replace the table and lose the cluster's state. */
    static boolean sameKey(TableDescription actual, String hashKey) {
        Optional<String> type = actual.attributeDefinitions().stream().filter(a -> a.attributeName().equals(hashKey))
                .map(AttributeDefinition::attributeTypeAsString).findFirst();
        return actual.keySchema().equals(List.of(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH)
                .build())) && type.equals(Optional.of(ScalarAttributeType.S.toString()));
    }

    static boolean onDemand(TableDescription actual) {
        return actual.billingModeSummary() != null
                && actual.billingModeSummary().billingMode() == BillingMode.PAY_PER_REQUEST;
    }

    @Override
    public void converge(ClusterContext context) {
        DynamoDbClient dynamoDb = context.aws().dynamoDb();
        String hashKey = context.spec().stateTable.hashKey;
        String existing = context.spec().stateTable.name;
        if (existing != null) {
            TableDescription table = describe(dynamoDb, existing).orElseThrow(() -> new InvalidReferenceException(
                    "DynamoDB table " + existing + " (stateTable.name) not found"));
            if (!sameKey(table, hashKey)) {
                throw new InvalidReferenceException("DynamoDB table " + existing
                        + " (stateTable.name) has no string hash key " + hashKey + " (stateTable.hashKey)");
            }
            publish(context, table);
            return;
        }
        CreateTableRequest desired = desired(context);
        Optional<TableDescription> actual = describe(dynamoDb, desired.tableName());
        TableDescription table;
        if (actual.isEmpty()) {
            table = context.aws().sentOnce().dynamoDb().createTable(desired).tableDescription();
            context.created(kind(), desired.tableName());
        } else {
            table = actual.get();
            Map<String, String> tags = tags(dynamoDb, table);
            requireOwned(context, desired.tableName(), tags);
            if (!sameKey(table, hashKey)) {
                throw new ResourceConflictException("DynamoDB table " + desired.tableName() + " has another hash key "
                        + "than " + hashKey + " (stateTable.hashKey); a hash key cannot change: the table would have "
                        + "to be replaced and WEKA's clusterization state with it");
            }
            if (!onDemand(table)) {
                dynamoDb.updateTable(r -> r.tableName(desired.tableName()).billingMode(BillingMode.PAY_PER_REQUEST));
                context.updated(kind(), desired.tableName(), "billing mode PAY_PER_REQUEST");
            }
            List<Tag> missing = desired.tags().stream().filter(t -> !t.value().equals(tags.get(t.key()))).toList();
            if (!missing.isEmpty()) {
                dynamoDb.tagResource(r -> r.resourceArn(table.tableArn()).tags(missing));
                context.updated(kind(), desired.tableName(), "tags " + missing.stream().map(Tag::key).toList());
            }
        }
        if (table.tableStatus() == TableStatus.CREATING) {
            // PutItem on a table still being created fails; creation takes seconds, so wait rather than fail.
            try (DynamoDbWaiter waiter = dynamoDb.waiter()) {
                waiter.waitUntilTableExists(DescribeTableRequest.builder().tableName(desired.tableName()).build(),
                        UNTIL_ACTIVE);
            }
        }
        publish(context, table);
        context.owns(kind(), desired.tableName(), table.tableArn());
    }

    /** The table the operator created, with WEKA's clusterization state in it; a table the spec names stays. */
    @Override
    public Removal delete(ClusterContext context) {
        DynamoDbClient dynamoDb = context.aws().dynamoDb();
        Optional<TableDescription> table = describe(dynamoDb, context.names().stateTable());
        if (table.isEmpty()) {
            return Removal.GONE;
        }
        if (table.get().tableStatus() != TableStatus.DELETING) {
            Map<String, String> tags = tags(dynamoDb, table.get());
            if (!context.tags().owns(tags)) {
                return Removal.GONE;
            }
            dynamoDb.deleteTable(r -> r.tableName(table.get().tableName()));
            context.deleted(kind(), table.get().tableName());
        }
        return Removal.IN_PROGRESS;
    }

    private static void publish(ClusterContext context, TableDescription table) {
        context.publish(Facts.STATE_TABLE_NAME, table.tableName());
        context.publish(Facts.STATE_TABLE_ARN, table.tableArn());
    }

    private static Optional<TableDescription> describe(DynamoDbClient dynamoDb, String name) {
        try {
            return Optional.of(dynamoDb.describeTable(r -> r.tableName(name)).table());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static void requireOwned(ClusterContext context, String name, Map<String, String> tags) {
        if (!context.tags().owns(tags)) {
            throw new ResourceConflictException("DynamoDB table " + name + " exists but belongs to "
                    + Optional.ofNullable(tags.get(ClusterTags.CLUSTER)).orElse("no WekaCluster"));
        }
    }

    private static Map<String, String> tags(DynamoDbClient dynamoDb, TableDescription table) {
        return dynamoDb.listTagsOfResource(r -> r.resourceArn(table.tableArn())).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    }
}
