package io.weka.aws.operator.reconciler;

/** Reasons of the Kubernetes events the operator records on a WekaCluster. */
public enum EventReason {
    /** An AWS resource was created. */
    Created,
    /** An AWS resource was changed to match the spec: a spec change, or drift corrected. */
    Updated,
    /** An AWS resource the spec no longer wants was removed. */
    Deleted,
    /** The WekaCluster was deleted with deletionPolicy Retain: its AWS resources stay as they are. */
    Retained,
    /** AWS refused to launch an Auto Scaling group's instances, e.g. for lack of capacity or vCPU quota. */
    LaunchFailed,
    /** A reconcile failed; the Synced condition has the details. */
    ReconcileFailed,
    /** The cluster turned Degraded: clusterized on ready infrastructure, but WEKA is not (known to be) serving. */
    Degraded,
    /** The cluster turned Failed: the reconcile cannot succeed until the spec or what it refers to changes. */
    Failed
}
