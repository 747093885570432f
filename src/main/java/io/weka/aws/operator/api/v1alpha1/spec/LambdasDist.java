package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which distribution of WEKA's released functions to use: the S3 key prefix, as the module spells it. */
public enum LambdasDist {
    @JsonProperty("release") RELEASE,
    @JsonProperty("dev") DEV
}
