package io.weka.aws.operator.api.v1alpha1.spec;

/** Whether instances get a public IP. Auto means */
public enum AssignPublicIp {
    Auto, Enabled, Disabled
}
