package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.weka.aws.operator.resources.ClientTokens;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Client tokens: the same intent always gives the same token, any other intent another, within EC2's 64 characters. */
class ClientTokensTest {
    private static final String UID = "0b6f3c1e-7a53-4a8e-9f1d-2c4b5a6d7e8f";

    @Test
    void theSameIntentGivesTheSameTokenEveryTime() {
        assertThat(ClientTokens.of(UID, 3, "instance", "weka-poc-client", "0", "0"))
                .isEqualTo(ClientTokens.of(UID, 3, "instance", "weka-poc-client", "0", "0"))
                .matches("[0-9a-f]{48}");
    }

    @Test
    void anotherClusterGenerationResourceOrPredecessorGivesAnotherToken() {
        Set<String> tokens = Set.of(
                ClientTokens.of(UID, 3, "instance", "weka-poc-client", "0", "0"),
                ClientTokens.of("1c7f4d2f-8b64-4b9f-a02e-3d5c6b7e8f90", 3, "instance", "weka-poc-client", "0", "0"),
                ClientTokens.of(UID, 4, "instance", "weka-poc-client", "0", "0"),
                ClientTokens.of(UID, 3, "instance", "weka-poc-client", "1", "0"),
                ClientTokens.of(UID, 3, "instance", "weka-poc-client", "0", "1"),
                // the parts are separated: "a/bc" is not "ab/c"
                ClientTokens.of(UID, 3, "instance", "weka-poc-clien", "t0", "0"));
        assertThat(tokens).hasSize(6);
    }
}
