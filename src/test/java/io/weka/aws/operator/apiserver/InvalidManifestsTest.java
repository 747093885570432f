package io.weka.aws.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.weka.aws.operator.testenv.LocalKubernetes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus under src/test/resources/invalid: one WekaCluster per file, each valid but for one mistake, and
 * each starting with
 *
 * <pre>
 * # field: &lt;the path the API server reports&gt;
 * # message: &lt;part of the message it reports there&gt;
 * # causes: &lt;optional: how many causes in all, where one mistake must give one clear message&gt;
 * </pre>
 *
 * Each must be refused by a real API server with the committed CRD, at that field and with that message, so a
 * validation that is dropped, loosened or reworded breaks this test.
 */
class InvalidManifestsTest {
    private static final Path CORPUS = Path.of("src", "test", "resources", "invalid");
    private static final int AT_LEAST = 30;
    private static final String FIELD = "# field: ";
    private static final String MESSAGE = "# message: ";
    private static final String CAUSES = "# causes: ";

    private static String namespace;

    @BeforeAll
    static void namespace() {
        namespace = LocalKubernetes.newNamespace("invalid");
    }

    static Stream<Path> corpus() {
        return Manifests.corpus(CORPUS);
    }

    @Test
    void corpusCoversTheSchema() {
        assertThat(corpus()).as("invalid manifests in %s", CORPUS).hasSizeGreaterThanOrEqualTo(AT_LEAST);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void apiServerRefusesTheMistakeAtTheExpectedField(Path manifest) throws IOException {
        List<String> lines = Files.readAllLines(manifest);
        assertThat(lines).as("%s starts with '%s' and '%s' lines", manifest, FIELD.trim(), MESSAGE.trim())
                .hasSizeGreaterThan(2);
        assertThat(lines.get(0)).startsWith(FIELD);
        assertThat(lines.get(1)).startsWith(MESSAGE);
        String expectedField = lines.get(0).substring(FIELD.length()).strip();
        String expectedMessage = lines.get(1).substring(MESSAGE.length()).strip();

        // Parsed untyped so the mistake reaches the server as written: the Java model would turn a misspelt
        // enum value or a boolean where a string belongs into an error or a null on the client side.
        GenericKubernetesResource cluster = Serialization.unmarshal(Files.readString(manifest),
                GenericKubernetesResource.class);
        assertThat(cluster.getKind()).isEqualTo("WekaCluster");

        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
                () -> client().resource(cluster).inNamespace(namespace).dryRun().create());

        assertThat(refused).as("%s must be refused", manifest).isNotNull();
        assertThat(refused.getCode()).as("HTTP status, %s", refused.getMessage()).isEqualTo(422);
        List<StatusCause> causes = refused.getStatus().getDetails().getCauses();
        assertThat(causes)
                .as("causes reported for %s:%n%s", manifest, describe(causes))
                .anySatisfy(cause -> {
                    assertThat(cause.getField()).isEqualTo(expectedField);
                    assertThat(cause.getMessage()).contains(expectedMessage);
                });
        if (lines.get(2).startsWith(CAUSES)) {
            assertThat(causes).as("causes reported for %s:%n%s", manifest, describe(causes))
                    .hasSize(Integer.parseInt(lines.get(2).substring(CAUSES.length()).strip()));
        }
    }

    /**
     * Unknown fields are not in the corpus: without field validation the API server prunes them silently (with a
     * warning). kubectl asks for Strict validation, and then a misspelt key is refused; this keeps the schema
     * from ever preserving unknown fields under spec.
     */
    @Test
    void misspeltFieldIsRefusedUnderStrictFieldValidationAsKubectlSendsIt() {
        GenericKubernetesResource cluster = Serialization.unmarshal("""
                apiVersion: aws.weka.io/v1alpha1
                kind: WekaCluster
                metadata:
                  name: demo
                spec:
                  region: us-east-1
                  weka:
                    version: "4.4.10"
                    tokenSecretRef:
                      name: get-weka-io
                  customPrefix:
                    alb: wk
                """, GenericKubernetesResource.class);

        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
                () -> client().resource(cluster).inNamespace(namespace).dryRun().fieldValidation(Validation.STRICT)
                        .create());

        assertThat(refused).isNotNull();
        assertThat(refused.getCode()).isEqualTo(400);
        assertThat(refused.getStatus().getMessage()).contains("unknown field \"spec.customPrefix.alb\"");
    }

    private static KubernetesClient client() {
        return LocalKubernetes.client();
    }

    private static String describe(List<StatusCause> causes) {
        return causes.stream().map(c -> "  " + c.getField() + ": " + c.getMessage()).collect(Collectors.joining("\n"));
    }
}
