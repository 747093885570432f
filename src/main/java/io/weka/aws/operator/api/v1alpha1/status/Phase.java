package io.weka.aws.operator.api.v1alpha1.status;

/** Where a WekaCluster is in its life, summarised for `kubectl get`. */
public enum Phase {
    Pending, Provisioning, Clusterizing, Ready, Scaling, Degraded, Deleting, Failed
}
