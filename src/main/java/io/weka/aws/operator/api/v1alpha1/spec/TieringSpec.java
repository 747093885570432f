package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "!has(self.bucket) || !has(self.iamBucketPrefix) || self.bucket.startsWith(self.iamBucketPrefix)",
        fieldPath = ".bucket", message = "tiering.bucket must start with tiering.iamBucketPrefix")
@ValidationRule(value = "!(has(oldSelf.enabled) && oldSelf.enabled && has(self.enabled) && self.enabled) "
        + "|| (has(self.bucket) == has(oldSelf.bucket) && (!has(self.bucket) || self.bucket == oldSelf.bucket))",
        fieldPath = ".bucket", reason = "FieldValueForbidden",
        message = "tiering.bucket cannot change while tiering is enabled: the filesystem's data is tiered to the bucket "
                + "WEKA was given; create a new WekaCluster to tier to another bucket")
public class TieringSpec {
    @Default("false")
    @JsonPropertyDescription("Tier the default filesystem to S3 (module: tiering_enable_obs_integration). "
            + "Default: false.")
    public Boolean enabled;

    @Size(max = 63)
    @ValidationRule(value = Formats.IS_S3_BUCKET, messageExpression = Formats.S3_BUCKET_MESSAGE)
    @JsonPropertyDescription("Existing bucket; default a bucket <obs prefix>-<cluster>-obs created at clusterization "
            + "(module: tiering_obs_name). Cannot change while tiering is enabled.")
    public String bucket;

    @Size(max = 63)
    @ValidationRule(value = "self.matches('^[a-z0-9][a-z0-9.-]*$')",
            messageExpression = "'must be the beginning of S3 bucket names: lowercase letters, digits, dots and "
                    + "hyphens, starting with a letter or digit'" + Formats.REFUSED_VALUE)
    @JsonPropertyDescription("Bucket-name prefix the instance role's S3 policy is scoped to "
            + "(module: tiering_obs_iam_bucket_prefix).")
    public String iamBucketPrefix;

    @Default("20")
    @Min(1)
    @Max(100)
    @JsonPropertyDescription("Share of filesystem capacity kept on SSD, in percent (module: tiering_enable_ssd_percent). "
            + "Default: 20.")
    public Integer ssdPercent;

    @Default("86400")
    @Min(1)
    @JsonPropertyDescription("Target SSD retention in seconds (module: tiering_obs_target_ssd_retention). "
            + "Default: 86400.")
    public Integer targetSsdRetention;

    @Default("10")
    @Min(1)
    @JsonPropertyDescription("Seconds before data starts to demote to S3 (module: tiering_obs_start_demote). "
            + "Default: 10.")
    public Integer startDemote;
}
