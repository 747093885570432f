package io.weka.aws.operator.testenv;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** The WekaCluster CRD as the API model generates it, and where the committed copy lives. */
public final class Crds {
    public static final Path COMMITTED = Path.of("crds", "wekaclusters.aws.weka.io-v1.yml");
    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.SPLIT_LINES));

    private Crds() {
    }

    public static String generate() {
        try {
            Path dir = Files.createTempDirectory("crd");
            new CRDGenerator().customResourceClasses(WekaCluster.class).forCRDVersions("v1").inOutputDir(dir.toFile())
                    .generate();
            JsonNode crd = YAML.readTree(dir.resolve(COMMITTED.getFileName()).toFile());
            for (JsonNode version : crd.path("spec").path("versions")) {
                orderPrinterColumnsAsDeclared((ArrayNode) version.path("additionalPrinterColumns"));
                describeTheKind((ObjectNode) version.path("schema").path("openAPIV3Schema"));
            }
            return "# Generated from the API model (src/main/java/.../api/v1alpha1) by `make crds`; do not edit.\n"
                    + YAML.writeValueAsString(crd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The generator describes properties only; `kubectl explain wekacluster` shows the kind's own description. */
    private static void describeTheKind(ObjectNode schema) {
        schema.put("description", WekaCluster.class.getAnnotation(JsonClassDescription.class).value());
    }

    /** The generator sorts columns by path; `kubectl get` shows them in the order WekaCluster declares them. */
    private static void orderPrinterColumnsAsDeclared(ArrayNode columns) {
        List<String> declared = Arrays.stream(WekaCluster.class.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name).toList();
        List<JsonNode> sorted = new ArrayList<>();
        columns.forEach(sorted::add);
        sorted.sort(Comparator.comparingInt(c -> declared.indexOf(c.path("name").asText())));
        columns.removeAll();
        sorted.forEach(c -> columns.add((ObjectNode) c));
    }
}
