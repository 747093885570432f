package io.weka.aws.operator.api.v1alpha1.spec;

/** What deleting the WekaCluster does to AWS */
public enum DeletionPolicy {
    Delete, Retain
}
