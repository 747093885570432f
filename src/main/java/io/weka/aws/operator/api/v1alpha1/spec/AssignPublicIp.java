package io.weka.aws.operator.api.v1alpha1.spec;

/** Whether instances get a public IP. Auto: only when the operator created the network. */
public enum AssignPublicIp {
    Auto, Enabled, Disabled
}
