package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A Secret in the WekaCluster's namespace in the format of the WEKA CSI plugin's API secret, so that a StorageClass
 * can name it. It holds the WEKA admin user's credentials, which live in the Root organization; a CSI user of another
 * organization is made in WEKA, and its Secret by hand.
 */
public class CsiSecretSpec {
    @Default("false")
    @JsonPropertyDescription("Write the Secret (keys username, password, organization, endpoints, scheme, "
            + "autoUpdateEndpoints and, with the generated load-balancer certificate, caCertificate) once WEKA has set "
            + "its admin password, and keep it current as backends change; false deletes a Secret written before. "
            + "Default: false.")
    public Boolean enabled;

    @Size(max = Formats.SECRET_NAME_LENGTH)
    @ValidationRule(value = Formats.IS_SECRET_NAME, messageExpression = Formats.SECRET_NAME_MESSAGE)
    @JsonPropertyDescription("Name of the Secret. Default: <metadata.name>-csi-wekafs-api. A Secret of that name not "
            + "written by this WekaCluster is left alone and reported in the CsiSecretReady condition.")
    public String name;
}
