package io.weka.aws.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.weka.aws.operator.testenv.LocalKubernetes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest under examples/ is what a platform engineer starts from, so each must be accepted by a real
 * API server with the committed CRD, exactly as written, and come back with the schema's defaults filled in.
 */
class ExamplesAcceptedTest {
    private static final Path EXAMPLES = Path.of("examples");
    private static final int AT_LEAST = 7;
    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());

    static Stream<Path> examples() {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted()
                    .toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theExamplesDirectoryHoldsTheDocumentedSet() {
        assertThat(examples().map(f -> f.getFileName().toString()))
                .as("examples/ must keep at least %d manifests", AT_LEAST).hasSizeGreaterThanOrEqualTo(AT_LEAST)
                .contains("minimal.yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyDocumentIsAcceptedAsWrittenAndTheWekaClusterGetsItsDefaults(Path example) throws IOException {
        KubernetesClient client = LocalKubernetes.client();
        String namespace = LocalKubernetes.newNamespace("example");
        List<JsonNode> written = documents(example);

        List<HasMetadata> objects;
        try (InputStream in = Files.newInputStream(example)) {
            objects = client.load(in).items();
        }
        assertThat(objects).as("documents in %s", example).hasSize(written.size());
        assertThat(objects).as("%s holds exactly one WekaCluster", example)
                .filteredOn(o -> "WekaCluster".equals(o.getKind())).hasSize(1);

        for (int i = 0; i < objects.size(); i++) {
            // Strict field validation, as kubectl applies: a misspelt field fails instead of being dropped.
            HasMetadata accepted = client.resource(objects.get(i)).inNamespace(namespace).dryRun()
                    .fieldValidation(Validation.STRICT).create();
            if (!"WekaCluster".equals(accepted.getKind())) {
                continue;
            }
            JsonNode result = Serialization.jsonMapper().valueToTree(accepted);
            // Nothing written in the example may be lost or changed on the way through the API server.
            assertThat(missingOrChanged(written.get(i), result, "")).as("fields of %s the API server did not keep",
                    example).isEmpty();
            assertDefaultsWhereNotWritten(written.get(i).path("spec"), result.path("spec"));
        }
    }

    @Test
    void minimalExampleGetsTheDocumentedDefaults() throws IOException {
        KubernetesClient client = LocalKubernetes.client();
        String namespace = LocalKubernetes.newNamespace("example-minimal");
        HasMetadata cluster;
        try (InputStream in = Files.newInputStream(EXAMPLES.resolve("minimal.yaml"))) {
            cluster = client.load(in).items().stream().filter(o -> "WekaCluster".equals(o.getKind())).findFirst()
                    .orElseThrow();
        }
        JsonNode spec = Serialization.jsonMapper()
                .valueToTree(client.resource(cluster).inNamespace(namespace).dryRun().create()).path("spec");

        // The comments in minimal.yaml promise exactly this cluster; keep them and the schema in step.
        assertThat(spec.path("backends").path("count").asInt()).isEqualTo(6);
        assertThat(spec.path("backends").path("instanceType").asText()).isEqualTo("i3en.2xlarge");
        assertThat(spec.path("backends").path("protectionLevel").asInt()).isEqualTo(2);
        assertThat(spec.path("backends").path("hotspare").asInt()).isEqualTo(1);
        assertThat(spec.path("backends").path("dpdk").asBoolean(false)).isTrue();
        assertThat(spec.path("backends").hasNonNull("stripeWidth")).as("stripeWidth is computed, not defaulted").isFalse();
        assertThat(spec.path("prefix").asText()).isEqualTo("weka");
        assertThat(spec.hasNonNull("clusterName")).as("clusterName falls back to metadata.name").isFalse();
        assertThat(spec.path("deletionPolicy").asText()).isEqualTo("Delete");
        assertThat(spec.path("network").hasNonNull("subnetId")).as("no subnet: the operator creates the VPC").isFalse();
        assertThat(spec.path("network").path("assignPublicIp").asText()).isEqualTo("Auto");
        assertThat(spec.path("loadBalancer").path("enabled").asBoolean(false)).isTrue();
        assertThat(spec.path("loadBalancer").path("additionalSubnetCidr").asText()).isEqualTo("10.0.3.0/24");
        assertThat(spec.path("sshKey").path("enabled").asBoolean(false)).isTrue();
        assertThat(spec.path("weka").path("tokenSecretRef").path("key").asText()).isEqualTo("token");
        assertThat(spec.path("clients").path("count").asInt(-1)).isZero();
        assertThat(spec.path("tiering").path("enabled").asBoolean(true)).isFalse();
        assertThat(spec.path("encryption").path("ebs").asBoolean(false)).isTrue();
    }

    /** The top-level defaults every example relies on, checked wherever the example leaves the field out. */
    private static void assertDefaultsWhereNotWritten(JsonNode written, JsonNode result) {
        Map<String, Object> defaults = Map.of(
                "/deletionPolicy", "Delete",
                "/prefix", "weka",
                "/backends/count", 6,
                "/backends/protectionLevel", 2,
                "/backends/instanceType", "i3en.2xlarge",
                "/loadBalancer/enabled", true,
                "/network/assignPublicIp", "Auto",
                "/clients/count", 0,
                "/tiering/enabled", false);
        defaults.forEach((pointer, expected) -> {
            if (written.at(pointer).isMissingNode()) {
                assertThat(result.at(pointer).isValueNode()).as("default for spec%s applied", pointer).isTrue();
                assertThat(result.at(pointer).asText()).as("default of spec%s", pointer)
                        .isEqualTo(String.valueOf(expected));
            }
        });
        if (written.path("weka").has("tokenSecretRef") && !written.path("weka").path("tokenSecretRef").has("key")) {
            assertThat(result.at("/weka/tokenSecretRef/key").asText()).isEqualTo("token");
        }
    }

    /** Paths under {@code written} whose value is absent from, or different in, {@code result}. */
    private static List<String> missingOrChanged(JsonNode written, JsonNode result, String path) {
        List<String> problems = new ArrayList<>();
        if (written.isObject()) {
            if (!result.isObject()) {
                problems.add(path + " (not an object)");
                return problems;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = ((ObjectNode) written).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                problems.addAll(missingOrChanged(field.getValue(), result.path(field.getKey()),
                        path + "." + field.getKey()));
            }
        } else if (written.isArray()) {
            if (!result.isArray() || result.size() != written.size()) {
                problems.add(path + " (array differs)");
                return problems;
            }
            for (int i = 0; i < written.size(); i++) {
                problems.addAll(missingOrChanged(written.get(i), result.get(i), path + "[" + i + "]"));
            }
        } else if (written.isNumber() && result.isNumber()) {
            if (written.decimalValue().compareTo(result.decimalValue()) != 0) {
                problems.add(path + " = " + result + ", written " + written);
            }
        } else if (!written.equals(result)) {
            problems.add(path + (result.isMissingNode() ? " missing" : " = " + result + ", written " + written));
        }
        return problems;
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(d -> {
                if (d != null && !d.isMissingNode() && !d.isNull()) {
                    documents.add(d);
                }
            });
        }
        return documents;
    }
}
