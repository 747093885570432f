package io.weka.aws.operator.reconciler;

import io.weka.aws.operator.aws.AwsErrors;
import io.weka.aws.operator.model.ClusterProgress;
import io.weka.aws.operator.model.WekaContractException;
import io.weka.aws.operator.resources.ClusterContext;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The backends' state item as WEKA's functions left it, read without their lock (as the status function reads it):
 * the progress, or why there is none (not written yet, unreadable), with the condition reason to report.
 */
record ClusterizationState(Optional<ClusterProgress> progress, String reason, String message) {

    static ClusterizationState read(ClusterContext context) {
        String table = Optional.ofNullable(context.spec().stateTable.name).orElse(context.names().stateTable());
        String hashKey = context.spec().stateTable.hashKey;
        String key = context.names().stateKey();
        Map<String, AttributeValue> item;
        try {
            item = context.aws().dynamoDb().getItem(r -> r.tableName(table).consistentRead(true)
                    .key(Map.of(hashKey, AttributeValue.fromS(key)))).item();
        } catch (ResourceNotFoundException e) {
            item = Map.of();
        } catch (SdkException e) {
            return new ClusterizationState(Optional.empty(), Reason.STATE_UNREADABLE,
                    "the state item " + table + "/" + key + " could not be read: " + AwsErrors.describe(e));
        }
        if (item == null || item.isEmpty()) {
            return new ClusterizationState(Optional.empty(), Reason.NOT_CLUSTERIZED,
                    "the state item " + table + "/" + key + " does not exist yet");
        }
        try {
            ClusterProgress progress = ClusterProgress.parse(item);
            return progress.clusterized()
                    ? new ClusterizationState(Optional.of(progress), Reason.CLUSTERIZED, "WEKA's functions created "
                            + "the cluster")
                    : new ClusterizationState(Optional.of(progress), Reason.NOT_CLUSTERIZED, progress.readyInstances()
                            .size() + " of " + progress.target() + " backends ready for clusterization");
        } catch (WekaContractException e) {
            return new ClusterizationState(Optional.empty(), Reason.STATE_UNREADABLE, e.getMessage());
        }
    }

    boolean clusterized() {
        return progress.map(ClusterProgress::clusterized).orElse(false);
    }

    /** The item exists but could not be read or understood: whether WEKA clusterizes is unknown. */
    boolean unreadable() {
        return Reason.STATE_UNREADABLE.equals(reason);
    }

    /**
     * The backend count to give the Auto Scaling group now. While WEKA clusterizes, its functions expect exactly the
     * target they started with (instances beyond it fail to register, anatomy 5.5): a different count waits. While
     * the item cannot be read, WEKA may be clusterizing: the group keeps the count it has ({@code current}, empty
     * before the group exists).
     */
    int backendsToApply(int count, Supplier<Optional<Integer>> current) {
        if (unreadable()) {
            return current.get().orElse(count);
        }
        return progress.filter(p -> !p.clusterized() && p.target() > 0).map(ClusterProgress::target).orElse(count);
    }
}
