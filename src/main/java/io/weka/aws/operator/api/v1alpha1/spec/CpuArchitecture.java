package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** CPU architecture of an instance group's AMI, spelled as EC2 spells it. */
public enum CpuArchitecture {
    @JsonProperty("x86_64") X86_64,
    @JsonProperty("arm64") ARM64
}
