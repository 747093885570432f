package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "has(self.version) != has(self.installUrl)",
        message = "exactly one of weka.version and weka.installUrl must be set")
@ValidationRule(value = "!(has(self.tokenSecretRef) && has(self.existingTokenSecretId))",
        message = "weka.tokenSecretRef and weka.existingTokenSecretId are mutually exclusive: give exactly one token source")
@ValidationRule(value = "!has(self.version) || has(self.tokenSecretRef) || has(self.existingTokenSecretId)",
        message = "installing a weka.version from get.weka.io needs a token: set weka.tokenSecretRef or weka.existingTokenSecretId")
public class WekaSoftwareSpec {
    @Pattern("^[0-9]+[.][0-9]+[.][0-9A-Za-z.+-]+$")
    @JsonPropertyDescription("WEKA release to install from get.weka.io, e.g. 4.4.10 (module: weka_version). "
            + "Exactly one of version and installUrl.")
    public String version;

    @Pattern(Formats.HTTP_URL)
    @Size(max = 2048)
    @JsonPropertyDescription("URL of a WEKA install script or .tar to install instead of a get.weka.io release "
            + "(module: install_weka_url).")
    public String installUrl;

    @JsonPropertyDescription("Secret holding the get.weka.io token; its value is copied into AWS Secrets Manager and "
            + "never written anywhere else (module: get_weka_io_token).")
    public SecretKeyRef tokenSecretRef;

    @Pattern(Formats.SECRET_ID)
    @JsonPropertyDescription("ID or ARN of an existing Secrets Manager secret holding the get.weka.io token "
            + "(module: get_weka_io_token_secret_id). Nothing is created for the token then.")
    public String existingTokenSecretId;

    @Pattern(Formats.HTTP_URL)
    @JsonPropertyDescription("WEKA Home URL for `weka cloud enable --cloud-url` (module: weka_home_url); "
            + "empty uses WEKA's public Home.")
    public String homeUrl;
}
