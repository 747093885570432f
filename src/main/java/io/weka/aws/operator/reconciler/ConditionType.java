package io.weka.aws.operator.reconciler;

/** The conditions a WekaCluster reports; StatusAggregator is the only writer. */
public enum ConditionType {
    /** The cluster is usable: infrastructure converged, WEKA clusterized and its IO started. */
    Ready,
    /** Every AWS resource of the spec exists and matches it. */
    InfrastructureReady,
    /** WEKA's functions have created the WEKA cluster (from the DynamoDB state item). */
    Clusterized,
    /** WEKA's status function reports IO started; False with the reason when it cannot tell or IO is not started. */
    WekaHealthy,
    /** A backends.count change is held back while WEKA clusterizes; False when the group has the spec's count. */
    ScalingHeld,
    /**
     * The backends' Auto Scaling group launches what it is asked for; False with EC2's error code as the reason
     * (e.g. InsufficientInstanceCapacity, VcpuLimitExceeded) and AWS's message when its latest launches failed.
     */
    BackendsLaunching,
    /** The same for the instance groups that run in an Auto Scaling group; absent when none does. */
    InstanceGroupsLaunching,
    /** The last reconcile completed; False with a reason when it failed, retrying or waiting for a spec change. */
    Synced,
    /** The pause annotation is set: the operator makes no AWS call. */
    Paused,
    /** spec.csiSecret: the WEKA CSI plugin's Secret is written and current; absent while csiSecret is off. */
    CsiSecretReady,
    /**
     * Before the first create and after a change of what it checks: the account's vCPU quotas, the instance types'
     * zones, the load balancer's zones and the functions' code fit the spec. While False nothing is created.
     */
    PreflightPassed
}
