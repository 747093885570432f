package io.weka.aws.operator.api.v1alpha1.spec;

/** Instance metadata service mode */
public enum MetadataHttpTokens {
    Required, Optional
}
