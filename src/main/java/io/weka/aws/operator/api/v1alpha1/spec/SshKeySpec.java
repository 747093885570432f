package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "!(has(self.keyPairName) && has(self.publicKey))",
        message = "sshKey.keyPairName and sshKey.publicKey are mutually exclusive")
@ValidationRule(value = "!has(self.enabled) || self.enabled || !(has(self.keyPairName) || has(self.publicKey))",
        message = "sshKey.keyPairName and sshKey.publicKey need sshKey.enabled: true")
public class SshKeySpec {
    @Default("true")
    @JsonPropertyDescription("Put a key pair on every launch template (module: enable_key_pair). Default: true.")
    public Boolean enabled;

    @Size(min = 1, max = 255)
    @JsonPropertyDescription("Existing EC2 key pair (module: key_pair_name).")
    public String keyPairName;

    @Size(max = 16384)
    @ValidationRule(value = "self.matches('^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+( .*)?$')",
            message = "must be an OpenSSH public key: ssh-rsa, ssh-ed25519 or ecdsa-sha2-nistp256/384/521, a space "
                    + "and the base64 key")
    @JsonPropertyDescription("Public key to import (module: ssh_public_key). Without it or keyPairName a key is "
            + "generated and its private half stored in a Secret owned by the WekaCluster.")
    public String publicKey;
}
