package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "!(has(self.createKmsKey) && self.createKmsKey && has(self.kmsKeyId))",
        message = "secretsManager.createKmsKey and secretsManager.kmsKeyId are mutually exclusive")
public class SecretsManagerSpec {
    @Default("true")
    @JsonPropertyDescription("WEKA's functions read credentials from Secrets Manager themselves instead of passing "
            + "them through the state machine's (logged) payload (module: secretmanager_use_vpc_endpoint). "
            + "Default: true.")
    public Boolean useEndpoint;

    @Default("false")
    @JsonPropertyDescription("Encrypt the secrets with a KMS key the operator creates "
            + "(module: secretmanager_enable_encryption). Default: false.")
    public Boolean createKmsKey;

    @Size(max = Formats.ARN_LENGTH)
    @ValidationRule(value = Formats.IS_KMS_KEY, messageExpression = Formats.KMS_KEY_MESSAGE)
    @JsonPropertyDescription("Existing KMS key for the secrets (module: secretmanager_kms_key_id).")
    public String kmsKeyId;
}
