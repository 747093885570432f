package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

public class SecretKeyRef {
    @Required
    @JsonPropertyDescription("Name of a Secret in the WekaCluster's namespace.")
    public String name;

    @Default("token")
    @JsonPropertyDescription("Key within the Secret.")
    public String key;
}
