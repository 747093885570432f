package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Required;

public class SecretKeyRef {
    @Required
    @Size(max = Formats.SECRET_NAME_LENGTH)
    @ValidationRule(value = Formats.IS_SECRET_NAME, messageExpression = Formats.SECRET_NAME_MESSAGE)
    @JsonPropertyDescription("Name of a Secret in the WekaCluster's namespace.")
    public String name;

    @Default("token")
    @Size(max = Formats.SECRET_NAME_LENGTH)
    @ValidationRule(value = Formats.IS_SECRET_KEY, messageExpression = Formats.SECRET_KEY_MESSAGE)
    @JsonPropertyDescription("Key within the Secret. Default: token.")
    public String key;
}
