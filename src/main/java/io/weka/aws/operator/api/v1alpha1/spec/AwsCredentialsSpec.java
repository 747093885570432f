package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "!has(self.externalId) || has(self.roleArn)", fieldPath = ".externalId",
        message = "credentials.externalId is only used to assume credentials.roleArn: set roleArn or drop externalId")
public class AwsCredentialsSpec {
    @JsonPropertyDescription("Secret in this namespace holding AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and optionally "
            + "AWS_SESSION_TOKEN. Without it the operator's own credentials chain is used (IRSA, Pod Identity, environment).")
    public SecretRef secretRef;

    @Size(max = Formats.ARN_LENGTH)
    @ValidationRule(value = Formats.IS_ROLE_ARN, messageExpression = Formats.ROLE_ARN_MESSAGE)
    @JsonPropertyDescription("IAM role to assume (STS AssumeRole) with the base credentials, e.g. for another account.")
    public String roleArn;

    @Size(min = 2, max = 1224)
    @JsonPropertyDescription("External ID to pass when assuming roleArn.")
    public String externalId;

    public static class SecretRef {
        @Required
        @Size(max = Formats.SECRET_NAME_LENGTH)
        @ValidationRule(value = Formats.IS_SECRET_NAME, messageExpression = Formats.SECRET_NAME_MESSAGE)
        @JsonPropertyDescription("Name of the Secret in the WekaCluster's namespace.")
        public String name;
    }
}
