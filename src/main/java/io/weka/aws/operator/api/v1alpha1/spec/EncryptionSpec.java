package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "!has(self.kmsKeyId) || !has(self.ebs) || self.ebs", message = "encryption.kmsKeyId needs encryption.ebs: true")
public class EncryptionSpec {
    @Default("true")
    @JsonPropertyDescription("Encrypt every EBS volume (module: ebs_encrypted). Default: true.")
    public Boolean ebs;

    @Size(max = Formats.ARN_LENGTH)
    @ValidationRule(value = Formats.IS_KMS_KEY, messageExpression = Formats.KMS_KEY_MESSAGE)
    @JsonPropertyDescription("KMS key for EBS; default a key alias/<kms prefix>-<cluster> the operator creates "
            + "(module: ebs_kms_key_id).")
    public String kmsKeyId;
}
