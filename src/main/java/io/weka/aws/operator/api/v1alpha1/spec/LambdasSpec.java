package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Size;

/** Where WEKA's released functions come from and how they run. */
public class LambdasSpec {
    @Size(max = 63)
    @ValidationRule(value = Formats.IS_S3_BUCKET, messageExpression = Formats.S3_BUCKET_MESSAGE)
    @JsonPropertyDescription("Bucket of the functions' zip; default weka-tf-aws-releases-<region> "
            + "(module: lambdas_custom_s3_bucket).")
    public String s3Bucket;

    @Size(min = 1, max = 1024)
    @JsonPropertyDescription("Key of the zip; default <dist>/<version>.zip (module: lambdas_custom_s3_key).")
    public String s3Key;

    @Default("release")
    @JsonPropertyDescription("Distribution, the key prefix (module: lambdas_dist). "
            + "One of: dev, release. Default: release.")
    public LambdasDist dist;

    @Default("85b38faf2b30019985d15f77f21b44ed")
    @Size(max = 32)
    @ValidationRule(value = "self.matches('^[0-9a-f]{32}$')",
            messageExpression = "'must be 32 lowercase hex digits, the name of a released zip'"
                    + Formats.REFUSED_VALUE)
    @JsonPropertyDescription("Version, the zip's name: the module's md5 of its functions (module: lambdas_version). "
            + "Default: 85b38faf2b30019985d15f77f21b44ed.")
    public String version;

    @Default("false")
    @JsonPropertyDescription("Attach every function to the VPC; management and scale-down always are "
            + "(module: enable_lambda_vpc_config). Default: false.")
    public Boolean vpcConfig;
}
