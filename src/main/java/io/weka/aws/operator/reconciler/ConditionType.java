package io.weka.aws.operator.reconciler;

/** The conditions a WekaCluster reports; StatusAggregator is the only writer. */
public enum ConditionType {
    /** The cluster is usable: infrastructure converged and WEKA clusterized. */
    Ready,
    /** Every AWS resource of the spec exists and matches it. */
    InfrastructureReady,
    /** WEKA's functions have created the WEKA cluster (from the DynamoDB state item). */
    Clusterized,
    /** The last reconcile completed; False with a reason when it failed, retrying or waiting for a spec change. */
    Synced,
    /** The pause annotation is set: the operator makes no AWS call. */
    Paused
}
