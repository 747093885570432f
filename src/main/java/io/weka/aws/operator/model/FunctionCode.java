package io.weka.aws.operator.model;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import java.util.Locale;
import java.util.Optional;

/** Where WEKA's functions' zip is read from: the spec's bucket and key, or WEKA's release bucket of the region. */
public record FunctionCode(String bucket, String key) {
    public static FunctionCode of(WekaClusterSpec spec) {
        String bucket = Optional.ofNullable(spec.lambdas.s3Bucket).orElse("weka-tf-aws-releases-" + spec.region);
        String key = Optional.ofNullable(spec.lambdas.s3Key)
                .orElse(spec.lambdas.dist.name().toLowerCase(Locale.ROOT) + "/" + spec.lambdas.version + ".zip");
        return new FunctionCode(bucket, key);
    }

    public String uri() {
        return "s3://" + bucket + "/" + key;
    }
}
