package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "!has(self.bucket) || !has(self.iamBucketPrefix) || self.bucket.startsWith(self.iamBucketPrefix)",
        fieldPath = ".bucket", message = "tiering.bucket must start with tiering.iamBucketPrefix")
public class TieringSpec {
    @Default("false")
    @JsonPropertyDescription("Tier the default filesystem to S3 (module: tiering_enable_obs_integration).")
    public Boolean enabled;

    @Pattern(Formats.S3_BUCKET)
    @JsonPropertyDescription("Existing bucket; default a bucket <obs prefix>-<cluster>-obs created at clusterization "
            + "(module: tiering_obs_name).")
    public String bucket;

    @Pattern("^[a-z0-9][a-z0-9.-]{0,62}$")
    @JsonPropertyDescription("Bucket-name prefix the instance role's S3 policy is scoped to "
            + "(module: tiering_obs_iam_bucket_prefix).")
    public String iamBucketPrefix;

    @Default("20")
    @Min(1)
    @Max(100)
    @JsonPropertyDescription("Share of filesystem capacity kept on SSD, in percent (module: tiering_enable_ssd_percent).")
    public Integer ssdPercent;

    @Default("86400")
    @Min(1)
    @JsonPropertyDescription("Target SSD retention in seconds (module: tiering_obs_target_ssd_retention).")
    public Integer targetSsdRetention;

    @Default("10")
    @Min(1)
    @JsonPropertyDescription("Seconds before data starts to demote to S3 (module: tiering_obs_start_demote).")
    public Integer startDemote;
}
