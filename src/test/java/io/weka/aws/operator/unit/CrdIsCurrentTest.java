package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.weka.aws.operator.testenv.Crds;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** crds/ is what users install: it must be exactly what the API model generates. `make crds` refreshes it. */
class CrdIsCurrentTest {
    @Test
    void committedCrdMatchesTheApiModel() throws Exception {
        String generated = Crds.generate();
        if (Boolean.getBoolean("crds.update")) {
            Files.writeString(Crds.COMMITTED, generated);
        }
        assertThat(Files.exists(Crds.COMMITTED)).as("%s exists (run `make crds`)", Crds.COMMITTED).isTrue();
        assertThat(Files.readString(Crds.COMMITTED))
                .as("%s is stale: run `make crds` and commit the result", Crds.COMMITTED)
                .isEqualTo(generated);
    }
}
