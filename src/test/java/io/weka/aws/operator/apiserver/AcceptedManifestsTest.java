package io.weka.aws.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.weka.aws.operator.testenv.LocalKubernetes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The other side of the invalid corpus: src/test/resources/valid holds WekaClusters at the edge of a rule (a name
 * of exactly the length AWS allows, a rule that does not apply), each starting with a comment saying why it is
 * valid. A rule that refuses too much breaks this test, as one that refuses too little breaks
 * {@link InvalidManifestsTest}.
 */
class AcceptedManifestsTest {
    private static final Path CORPUS = Path.of("src", "test", "resources", "valid");

    private static String namespace;

    @BeforeAll
    static void namespace() {
        namespace = LocalKubernetes.newNamespace("valid");
    }

    static Stream<Path> corpus() {
        return Manifests.corpus(CORPUS);
    }

    @Test
    void corpusIsThere() {
        assertThat(corpus()).as("valid manifests in %s", CORPUS).hasSizeGreaterThanOrEqualTo(6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void apiServerAcceptsIt(Path manifest) throws IOException {
        String yaml = Files.readString(manifest);
        assertThat(yaml).as("%s says why it is valid", manifest).startsWith("# ");
        GenericKubernetesResource cluster = Serialization.unmarshal(yaml, GenericKubernetesResource.class);

        GenericKubernetesResource accepted = LocalKubernetes.client().resource(cluster).inNamespace(namespace).dryRun()
                .fieldValidation(Validation.STRICT).create();

        assertThat(accepted.getKind()).isEqualTo("WekaCluster");
    }
}
