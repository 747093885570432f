package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.weka.aws.operator.testenv.Crds;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * `kubectl explain wekacluster.spec...` is the first manual users open, and a refusal is the second: every property
 * of the generated schema is described, says its default and allowed values, and every string format is checked
 * by a rule whose message says in words what is expected (an OpenAPI pattern's refusal prints the regex).
 */
class CrdDocumentationTest {
    private static JsonNode schema;

    @BeforeAll
    static void generate() throws Exception {
        schema = new YAMLMapper().readTree(Crds.generate()).path("spec").path("versions").get(0).path("schema")
                .path("openAPIV3Schema");
    }

    @Test
    void theKindSpecAndStatusAreDescribed() {
        assertThat(schema.path("description").asText()).contains("WEKA");
        assertThat(schema.path("properties").path("spec").path("description").asText()).isNotBlank();
        assertThat(schema.path("properties").path("status").path("description").asText()).isNotBlank();
    }

    @Test
    void everyPropertyIsDescribed() {
        List<String> undescribed = new ArrayList<>();
        walk((path, property) -> {
            boolean element = path.endsWith("[]") || path.endsWith("{}");
            if (!element && property.path("description").asText().isBlank()) {
                undescribed.add(path);
            }
        });
        assertThat(undescribed).as("properties without a description").isEmpty();
    }

    @Test
    void everyDefaultIsStatedInTheDescription() {
        List<String> unstated = new ArrayList<>();
        walk((path, property) -> {
            JsonNode value = property.path("default");
            if (value.isValueNode() && !property.path("description").asText().contains("Default: " + value.asText()
                    + ".")) {
                unstated.add(path + " (Default: " + value.asText() + ".)");
            }
        });
        assertThat(unstated).as("properties whose description does not say their default").isEmpty();
    }

    @Test
    void everyEnumListsItsValuesInTheDescription() {
        List<String> unlisted = new ArrayList<>();
        walk((path, property) -> {
            if (property.has("enum")) {
                String values = String.join(", ", StreamSupport.stream(property.path("enum").spliterator(), false)
                        .map(JsonNode::asText).toList());
                if (!property.path("description").asText().contains("One of: " + values + ".")) {
                    unlisted.add(path + " (One of: " + values + ".)");
                }
            }
        });
        assertThat(unlisted).as("enum properties whose description does not list the values").isEmpty();
    }

    @Test
    void stringFormatsAreRulesWithReadableMessages() {
        List<String> patterns = new ArrayList<>();
        List<String> silentRules = new ArrayList<>();
        walk((path, property) -> {
            if (property.has("pattern")) {
                patterns.add(path);
            }
            for (JsonNode rule : property.path("x-kubernetes-validations")) {
                if (!rule.has("message") && !rule.has("messageExpression")) {
                    silentRules.add(path + ": " + rule.path("rule").asText());
                }
            }
        });
        assertThat(patterns).as("OpenAPI patterns, whose refusal prints the regular expression").isEmpty();
        assertThat(silentRules).as("rules without a message").isEmpty();
    }

    @Test
    void theWalkSeesTheWholeSchema() {
        // The checks above pass trivially on an empty walk.
        List<String> paths = new ArrayList<>();
        walk((path, property) -> paths.add(path));
        assertThat(paths).contains("spec.backends.count", "spec.network.customIngressRules[].protocol",
                "spec.tags{}", "status.conditions[].reason").hasSizeGreaterThan(150);
    }

    /**
     * Every property under spec and status, and list items ([]) and map values ({}) under their own paths (these
     * are described by the property holding them).
     */
    private static void walk(BiConsumer<String, JsonNode> visitor) {
        for (String top : List.of("spec", "status")) {
            walk(top, schema.path("properties").path(top), visitor);
        }
    }

    private static void walk(String path, JsonNode node, BiConsumer<String, JsonNode> visitor) {
        visitor.accept(path, node);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            walk(path + "." + property.getKey(), property.getValue(), visitor);
        }
        if (node.has("items")) {
            walk(path + "[]", node.path("items"), visitor);
        }
        if (node.path("additionalProperties").isObject()) {
            walk(path + "{}", node.path("additionalProperties"), visitor);
        }
    }
}
