package io.weka.aws.operator.resources.dynamodb;

import io.weka.aws.operator.api.v1alpha1.spec.ProtocolGatewaysSpec;
import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.model.StateItem;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The initial state items of {@code state.tf}: the backends' {@code <prefix>-<cluster>-state} and, with NFS
 * gateways, {@code <prefix>-<cluster>-nfs-state}. Written once, only where absent: WEKA's functions own them from
 * then on (the module's {@code ignore_changes = all}), so an existing item is never compared, let alone rewritten.
 */
public final class StateItemResource implements AwsResource {
    private static final String KEY_NAME = "#k";
    /**
     * The cluster's identity on the items it wrote: WEKA's functions read and update only their own attributes, and
     * a table the spec names may hold a namesake's items, which are never deleted.
     */
    public static final String OWNER_ATTRIBUTE = ClusterTags.CLUSTER_UID;
    private static final String OWNER_NAME = "#owner";

    @Override
    public String kind() {
        return "DynamoDBItem";
    }

    @Override
    public Set<Fact<?>> needs() {
        return Set.of(Facts.STATE_TABLE_NAME);
    }

    /** One conditional put per state key; the condition makes a put that races with WEKA's functions harmless. */
    static List<PutItemRequest> desired(ClusterContext context, String table) {
        String hashKey = context.spec().stateTable.hashKey;
        List<PutItemRequest> puts = new ArrayList<>();
        puts.add(put(context, table, hashKey, StateItem.initial(hashKey, context.names().stateKey(),
                context.spec().backends.count)));
        ProtocolGatewaysSpec.Nfs nfs = context.spec().protocolGateways == null ? null
                : context.spec().protocolGateways.nfs;
        if (nfs != null) {
            puts.add(put(context, table, hashKey, StateItem.initial(hashKey, context.names().nfsStateKey(), nfs.count)));
        }
        return puts;
    }

    private static PutItemRequest put(ClusterContext context, String table, String hashKey,
            Map<String, AttributeValue> item) {
        Map<String, AttributeValue> owned = new LinkedHashMap<>(item);
        owned.put(OWNER_ATTRIBUTE, AttributeValue.fromS(context.tags().uid()));
        // The hash key's name goes through a placeholder: the default, Key, is a DynamoDB reserved word.
        return PutItemRequest.builder().tableName(table).item(owned)
                .conditionExpression("attribute_not_exists(" + KEY_NAME + ")")
                .expressionAttributeNames(Map.of(KEY_NAME, hashKey))
                .build();
    }

    /** Present is converged, whatever the item holds. */
    static boolean matches(Map<String, AttributeValue> actual) {
        return actual != null && !actual.isEmpty();
    }

    @Override
    public void converge(ClusterContext context) {
        DynamoDbClient dynamoDb = context.aws().dynamoDb();
        String table = context.require(Facts.STATE_TABLE_NAME);
        String hashKey = context.spec().stateTable.hashKey;
        for (PutItemRequest put : desired(context, table)) {
            String key = put.item().get(hashKey).s();
            Map<String, AttributeValue> actual = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                    .key(Map.of(hashKey, AttributeValue.fromS(key)))
                    .projectionExpression(KEY_NAME).expressionAttributeNames(Map.of(KEY_NAME, hashKey))).item();
            if (!matches(actual)) {
                try {
                    dynamoDb.putItem(put);
                    context.created(kind(), table + "/" + key);
                } catch (ConditionalCheckFailedException e) {
                    // Written between our read and our put (by WEKA's functions): theirs stands.
                }
            }
            context.owns(kind(), table + "/" + key, null);
        }
    }

    /**
     * The items go with the operator's table; from a table the spec names, only the items this cluster wrote (its
     * identity in {@link #OWNER_ATTRIBUTE}) are removed: a namesake's, or one WEKA's functions wrote, stays.
     */
    @Override
    public Removal delete(ClusterContext context) {
        String table = context.spec().stateTable.name;
        if (table != null) {
            String hashKey = context.spec().stateTable.hashKey;
            for (String key : List.of(context.names().stateKey(), context.names().nfsStateKey())) {
                try {
                    context.aws().dynamoDb().deleteItem(r -> r.tableName(table)
                            .key(Map.of(hashKey, AttributeValue.fromS(key)))
                            .conditionExpression(OWNER_NAME + " = :uid")
                            .expressionAttributeNames(Map.of(OWNER_NAME, OWNER_ATTRIBUTE))
                            .expressionAttributeValues(Map.of(":uid", AttributeValue.fromS(context.tags().uid()))));
                    context.deleted(kind(), table + "/" + key);
                } catch (ConditionalCheckFailedException e) {
                    // Absent, or not this cluster's.
                }
            }
        }
        return Removal.GONE;
    }
}
