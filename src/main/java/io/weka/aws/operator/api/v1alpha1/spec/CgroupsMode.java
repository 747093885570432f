package io.weka.aws.operator.api.v1alpha1.spec;

/** How WEKA's installer configures cgroups (the module's weka_cgroups_mode auto|force_v2). */
public enum CgroupsMode {
    Auto, ForceV2
}
