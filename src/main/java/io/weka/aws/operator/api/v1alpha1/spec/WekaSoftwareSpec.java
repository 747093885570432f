package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "has(self.version) != has(self.installUrl)",
        message = "exactly one of weka.version and weka.installUrl must be set")
@ValidationRule(value = "!(has(self.tokenSecretRef) && has(self.existingTokenSecretId))",
        message = "weka.tokenSecretRef and weka.existingTokenSecretId are mutually exclusive: give exactly one token source")
@ValidationRule(value = "!has(self.version) || has(self.tokenSecretRef) || has(self.existingTokenSecretId)",
        message = "installing a weka.version from get.weka.io needs a token: set weka.tokenSecretRef or weka.existingTokenSecretId")
@ValidationRule(value = "has(self.version) == has(oldSelf.version) && (!has(self.version) || self.version == oldSelf.version)",
        fieldPath = ".version", reason = "FieldValueForbidden",
        message = "weka.version" + WekaSoftwareSpec.UPGRADE_WITH_WEKA)
@ValidationRule(value = "has(self.installUrl) == has(oldSelf.installUrl) "
        + "&& (!has(self.installUrl) || self.installUrl == oldSelf.installUrl)",
        fieldPath = ".installUrl", reason = "FieldValueForbidden",
        message = "weka.installUrl" + WekaSoftwareSpec.UPGRADE_WITH_WEKA)
public class WekaSoftwareSpec {
    // Why the release is fixed once the cluster exists, and what to do instead.
    static final String UPGRADE_WITH_WEKA = " cannot change on a running cluster: it is the release WEKA is "
            + "clusterized with, and backends that join later install the release the cluster runs; upgrade with "
            + "WEKA's own upgrade procedure (WEKA documentation: Upgrade WEKA versions)";

    @Size(max = 64)
    @ValidationRule(value = "self.matches('^[0-9]+[.][0-9]+[.][0-9A-Za-z.+-]+$')",
            messageExpression = "'must be a WEKA release like 4.4.10'" + Formats.REFUSED_VALUE)
    @JsonPropertyDescription("WEKA release to install from get.weka.io, e.g. 4.4.10 (module: weka_version). "
            + "Exactly one of version and installUrl. Cannot change on a running cluster: upgrades are WEKA's own "
            + "procedure, and joining backends install the release the cluster runs.")
    public String version;

    @Size(max = Formats.URL_LENGTH)
    @ValidationRule(value = Formats.IS_HTTP_URL, messageExpression = Formats.HTTP_URL_MESSAGE)
    @JsonPropertyDescription("URL of a WEKA install script or .tar to install instead of a get.weka.io release "
            + "(module: install_weka_url). Cannot change on a running cluster.")
    public String installUrl;

    @JsonPropertyDescription("Secret holding the get.weka.io token; its value is copied into AWS Secrets Manager and "
            + "never written anywhere else (module: get_weka_io_token).")
    public SecretKeyRef tokenSecretRef;

    @Size(max = 2048)
    @ValidationRule(value = "self.matches('^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:)?"
            + "[A-Za-z0-9/_+=.@-]{1,512}$')",
            messageExpression = "'must be the name or ARN of a Secrets Manager secret'" + Formats.REFUSED_VALUE)
    @JsonPropertyDescription("ID or ARN of an existing Secrets Manager secret holding the get.weka.io token "
            + "(module: get_weka_io_token_secret_id). Nothing is created for the token then.")
    public String existingTokenSecretId;

    @Size(max = Formats.URL_LENGTH)
    @ValidationRule(value = Formats.IS_HTTP_URL, messageExpression = Formats.HTTP_URL_MESSAGE)
    @JsonPropertyDescription("WEKA Home URL for `weka cloud enable --cloud-url` (module: weka_home_url); "
            + "empty uses WEKA's public Home.")
    public String homeUrl;
}
