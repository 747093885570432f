package io.weka.aws.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.weka.aws.operator.testenv.LocalKubernetes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/** Shared by the chart and kustomize tests: parsing rendered YAML and dry-running it on the real API server. */
final class Manifests {
    private Manifests() {
    }

    /** The YAML files of a test corpus directory, sorted by name. */
    static Stream<Path> corpus(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<HasMetadata> parse(String yaml) {
        return LocalKubernetes.client().load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()
                .stream().filter(o -> o != null).toList();
    }

    static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
        List<HasMetadata> matches = objects.stream().filter(type::isInstance)
                .filter(o -> name.equals(o.getMetadata().getName())).toList();
        assertThat(matches).as("%s %s", type.getSimpleName(), name).hasSize(1);
        return type.cast(matches.get(0));
    }

    static List<HasMetadata> ofKind(List<HasMetadata> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
    }

    static Optional<HasMetadata> find(List<HasMetadata> objects, Predicate<HasMetadata> p) {
        return objects.stream().filter(p).findFirst();
    }

    /** Server-side dry-run create with strict field validation: a misspelt or misplaced field fails. */
    static void assertAcceptedByApiServer(List<HasMetadata> objects) {
        KubernetesClient client = LocalKubernetes.client();
        for (HasMetadata object : objects) {
            HasMetadata accepted = client.resource(object).dryRun().fieldValidation(Validation.STRICT).create();
            assertThat(accepted.getMetadata().getName()).as("%s accepted", object.getKind())
                    .isEqualTo(object.getMetadata().getName());
        }
    }

    /** A minimal prometheus-operator ServiceMonitor CRD, so that the kind exists for the dry-run. */
    static void ensureServiceMonitorCrd() {
        ensurePrometheusOperatorCrd("ServiceMonitor");
    }

    /** A minimal prometheus-operator PrometheusRule CRD, so that the kind exists for the dry-run. */
    static void ensurePrometheusRuleCrd() {
        ensurePrometheusOperatorCrd("PrometheusRule");
    }

    private static synchronized void ensurePrometheusOperatorCrd(String kind) {
        KubernetesClient client = LocalKubernetes.client();
        String plural = kind.toLowerCase(Locale.ROOT) + "s";
        String name = plural + ".monitoring.coreos.com";
        if (client.apiextensions().v1().customResourceDefinitions().withName(name).get() == null) {
            CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
                    .withNewMetadata().withName(name).endMetadata()
                    .withNewSpec().withGroup("monitoring.coreos.com").withScope("Namespaced")
                    .withNewNames().withKind(kind).withListKind(kind + "List")
                    .withPlural(plural).withSingular(kind.toLowerCase(Locale.ROOT)).endNames()
                    .addNewVersion().withName("v1").withServed(true).withStorage(true)
                    .withNewSchema().withNewOpenAPIV3Schema().withType("object")
                    .addToProperties("spec", new io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder()
                            .withType("object").withXKubernetesPreserveUnknownFields(true).build())
                    .endOpenAPIV3Schema().endSchema().endVersion()
                    .endSpec().build();
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
        Awaitility.await(kind + " CRD established").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    CustomResourceDefinition c = client.apiextensions().v1().customResourceDefinitions()
                            .withName(name).get();
                    return c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                            && c.getStatus().getConditions().stream()
                                    .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus()))
                            && client.getApiResources("monitoring.coreos.com/v1") != null
                            && client.getApiResources("monitoring.coreos.com/v1").getResources().stream()
                                    .anyMatch(r -> plural.equals(r.getName()));
                });
    }

    /** The object as a plain map, for comparisons that do not care about the Java model. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(HasMetadata object) {
        return Serialization.jsonMapper().convertValue(object, Map.class);
    }

    static GenericKubernetesResource generic(HasMetadata object) {
        return Serialization.jsonMapper().convertValue(object, GenericKubernetesResource.class);
    }
}
