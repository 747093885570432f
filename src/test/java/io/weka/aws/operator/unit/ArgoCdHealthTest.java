package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.OsLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.TableLib;

/**
 * The Argo CD health check for WekaCluster, run the way Argo CD runs a check installed through argocd-cm:
 * only the base, package and table libraries and an os table with time and date, no string or math library,
 * the resource as the global {@code obj}, and a 1 s budget. Every case of health_test.yaml (Argo CD's own
 * format, so the directory can also go to Argo CD's resource_customizations) must give its exact status and
 * message.
 */
class ArgoCdHealthTest {
    private static final Path DIR = Path.of("argocd/resource_customizations/aws.weka.io/WekaCluster");
    private static final Path SCRIPT = DIR.resolve("health.lua");
    private static final Path CASES = DIR.resolve("health_test.yaml");
    private static final Path ARGOCD_CM = Path.of("argocd/argocd-cm-health.yaml");
    private static final Path APPLICATION = Path.of("argocd/application.yaml");
    private static final String CM_KEY = "resource.customizations.health.aws.weka.io_WekaCluster";
    private static final Set<String> ARGO_STATUSES = Set.of("Healthy", "Progressing", "Degraded", "Suspended",
            "Missing", "Unknown");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    record Health(String status, String message) {
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode test : YAML.readTree(CASES.toFile()).get("tests")) {
            cases.add(Arguments.of(test.get("inputPath").asText(), new Health(
                    test.get("healthStatus").get("status").asText(), test.get("healthStatus").get("message").asText())));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachCaseGivesItsStatusAndMessage(String inputPath, Health expected) throws IOException {
        assertThat(ARGO_STATUSES).contains(expected.status());
        assertThat(health(manifest(inputPath))).isEqualTo(expected);
    }

    static Stream<Arguments> changedInputs() {
        return Stream.of(
                Arguments.of("healthy with Ready=False", "testdata/healthy.yaml",
                        (Consumer<ObjectNode>) cluster -> condition(cluster, "Ready").put("status", "False"),
                        new Health("Progressing", "Reconciled: the WEKA cluster is clusterized and every AWS resource "
                                + "matches the spec")),
                Arguments.of("healthy, then a spec change", "testdata/healthy.yaml",
                        (Consumer<ObjectNode>) cluster -> metadata(cluster).put("generation", 4),
                        new Health("Progressing", "Waiting for the operator to observe generation 4")),
                Arguments.of("clusterizing with a terminal failure", "testdata/progressing_clusterizing.yaml",
                        (Consumer<ObjectNode>) cluster -> {
                            status(cluster).put("phase", "Failed");
                            condition(cluster, "Synced").put("status", "False").put("reason", "AwsAuthenticationFailed")
                                    .put("message", "AccessDenied: not authorized to perform ec2:DescribeVpcs");
                        },
                        new Health("Degraded", "AwsAuthenticationFailed: AccessDenied: not authorized to perform "
                                + "ec2:DescribeVpcs")),
                Arguments.of("failed without a Synced condition", "testdata/degraded_resource_conflict.yaml",
                        (Consumer<ObjectNode>) cluster -> removeCondition(cluster, "Synced"),
                        new Health("Degraded", "Provisioning: the infrastructure is being provisioned")),
                Arguments.of("degraded with Ready=False", "testdata/degraded_phase.yaml",
                        (Consumer<ObjectNode>) cluster -> condition(cluster, "Ready").put("status", "False")
                                .put("reason", "Clusterizing").put("message", "4 of 6 backends are up"),
                        new Health("Degraded", "Clusterizing: 4 of 6 backends are up")),
                Arguments.of("instance groups refused, the backends' condition absent",
                        "testdata/degraded_launches_refused.yaml", (Consumer<ObjectNode>) cluster -> {
                            removeCondition(cluster, "BackendsLaunching");
                            condition(cluster, "InstanceGroupsLaunching").put("status", "False")
                                    .put("reason", "VcpuLimitExceeded").put("message", "Auto Scaling group "
                                            + "weka-poc-nfs-protocol-gateway cannot launch instances: You have requested "
                                            + "more vCPU capacity than your current vCPU limit of 32 allows");
                        },
                        new Health("Degraded", "VcpuLimitExceeded: Auto Scaling group weka-poc-nfs-protocol-gateway "
                                + "cannot launch instances: You have requested more vCPU capacity than your current vCPU "
                                + "limit of 32 allows")),
                Arguments.of("launches back, still degraded by Ready", "testdata/degraded_launches_refused.yaml",
                        (Consumer<ObjectNode>) cluster -> condition(cluster, "BackendsLaunching").put("status", "True"),
                        new Health("Degraded", "Clusterizing: the infrastructure is ready; WEKA is being installed and "
                                + "clusterized")),
                // Unpaused and the spec changed before the operator saw either: the Paused condition is stale.
                Arguments.of("paused condition older than the spec", "testdata/suspended_spec_changed_while_paused.yaml",
                        (Consumer<ObjectNode>) cluster -> condition(cluster, "Paused").put("observedGeneration", 3),
                        new Health("Progressing", "Waiting for the operator to observe generation 4")),
                Arguments.of("paused=False", "testdata/suspended.yaml",
                        (Consumer<ObjectNode>) cluster -> condition(cluster, "Paused").put("status", "False"),
                        new Health("Healthy", "Reconciled: the WEKA cluster is clusterized and every AWS resource "
                                + "matches the spec")),
                Arguments.of("paused with no message", "testdata/suspended.yaml",
                        (Consumer<ObjectNode>) cluster -> condition(cluster, "Paused").remove(List.of("reason", "message")),
                        new Health("Suspended", "Reconciliation is paused")),
                Arguments.of("deleting by phase only", "testdata/healthy.yaml",
                        (Consumer<ObjectNode>) cluster -> status(cluster).put("phase", "Deleting"),
                        new Health("Progressing", "The WekaCluster is being deleted")),
                Arguments.of("status without conditions", "testdata/progressing_clusterizing.yaml",
                        (Consumer<ObjectNode>) cluster -> status(cluster).remove("conditions"),
                        new Health("Progressing", "Waiting for the WekaCluster to become ready")),
                Arguments.of("generation as a string", "testdata/progressing_generation_not_observed.yaml",
                        (Consumer<ObjectNode>) cluster -> status(cluster).put("observedGeneration", "4"),
                        new Health("Healthy", "Reconciled: the WEKA cluster is clusterized and every AWS resource "
                                + "matches the spec")));
    }

    /** A case changed in one place gives another answer: the script reads what it claims to read. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("changedInputs")
    void aChangedInputChangesTheAnswer(String name, String inputPath, Consumer<ObjectNode> change, Health expected)
            throws IOException {
        ObjectNode cluster = manifest(inputPath);
        Health before = health(cluster);
        change.accept(cluster);
        assertThat(health(cluster)).isEqualTo(expected).isNotEqualTo(before);
    }

    @Test
    void everyTestdataFileIsACaseAndEveryCaseHasItsFile() throws IOException {
        Set<String> listed = new TreeSet<>();
        for (JsonNode test : YAML.readTree(CASES.toFile()).get("tests")) {
            listed.add(test.get("inputPath").asText());
        }
        Set<String> present = new TreeSet<>();
        try (Stream<Path> files = Files.list(DIR.resolve("testdata"))) {
            files.forEach(file -> present.add("testdata/" + file.getFileName()));
        }
        assertThat(listed).isEqualTo(present);
        assertThat(listed).hasSizeGreaterThanOrEqualTo(9);
    }

    @Test
    void testdataAreFullWekaClusterManifests() throws IOException {
        for (Arguments test : cases().toList()) {
            JsonNode cluster = manifest((String) test.get()[0]);
            assertThat(cluster.path("apiVersion").asText()).as("%s", test.get()[0]).isEqualTo("aws.weka.io/v1alpha1");
            assertThat(cluster.path("kind").asText()).isEqualTo("WekaCluster");
            assertThat(cluster.path("metadata").path("generation").isNumber()).as("%s", test.get()[0]).isTrue();
            assertThat(cluster.path("spec").path("region").asText()).isNotEmpty();
        }
    }

    /** Argo CD runs argocd-cm checks without the string and math libraries: a call to either fails there. */
    @Test
    void scriptUsesNothingTheArgoCdSandboxLacks() throws IOException {
        String script = Files.readString(SCRIPT);
        for (String absent : List.of("string.", "math.", ":find(", ":sub(", ":match(", ":gsub(", ":format(",
                "goto ", "table.unpack", "unpack(", "setfenv", "_ENV", "require")) {
            assertThat(script).as("health.lua must not use %s", absent).doesNotContain(absent);
        }
    }

    /** The sandbox is as strict as Argo CD's: the same check written with string.find would not pass here. */
    @Test
    void sandboxHasNoStringOrMathLibrary() {
        Globals globals = argoSandbox();
        assertThat(globals.get("string").isnil()).isTrue();
        assertThat(globals.get("math").isnil()).isTrue();
        assertThat(globals.get("os").get("execute").isnil()).isTrue();
        assertThat(globals.get("os").get("time").isfunction()).isTrue();
        assertThatThrownBy(() -> globals.load("return string.find('Ready', 'Rea')", "probe").call())
                .isInstanceOf(LuaError.class);
    }

    @Test
    void argocdCmCarriesTheSameScript() throws IOException {
        JsonNode configMap = YAML.readTree(ARGOCD_CM.toFile());
        assertThat(configMap.path("kind").asText()).isEqualTo("ConfigMap");
        assertThat(configMap.path("metadata").path("name").asText()).isEqualTo("argocd-cm");
        assertThat(configMap.path("data").path(CM_KEY).asText()).isEqualTo(Files.readString(SCRIPT));
        assertThat(configMap.path("data").has("resource.customizations.useOpenLibs.aws.weka.io_WekaCluster")).isFalse();
    }

    @Test
    void exampleApplicationsOrderTheOperatorBeforeTheCluster() throws IOException {
        List<JsonNode> apps = new ArrayList<>();
        try (var parser = YAML.createParser(APPLICATION.toFile())) {
            Iterator<JsonNode> docs = YAML.readValues(parser, JsonNode.class);
            docs.forEachRemaining(apps::add);
        }
        assertThat(apps).isNotEmpty().allSatisfy(app -> {
            assertThat(app.path("apiVersion").asText()).isEqualTo("argoproj.io/v1alpha1");
            assertThat(app.path("kind").asText()).isEqualTo("Application");
            assertThat(app.path("spec").path("source").path("repoURL").asText()).isNotEmpty();
        });
        List<Integer> waves = apps.stream().map(app -> Integer.valueOf(
                app.path("metadata").path("annotations").path("argocd.argoproj.io/sync-wave").asText("0"))).toList();
        assertThat(waves).isSorted().doesNotHaveDuplicates();
        assertThat(apps.get(0).path("metadata").path("name").asText()).isEqualTo("weka-aws-operator");
        String kustomizeNamespace = YAML.readTree(Path.of("deploy", "kustomization.yaml").toFile()).path("namespace")
                .asText();
        assertThat(apps.get(0).path("spec").path("destination").path("namespace").asText())
                .as("the operator goes where the chart's documented install and deploy/ put it")
                .isEqualTo(kustomizeNamespace).isEqualTo("weka-system");
        assertThat(Files.readString(Path.of("docs", "operations.md")))
                .contains("helm install weka-aws-operator ./helm-chart -n weka-system");
    }

    private static Health health(JsonNode cluster) throws IOException {
        String script = Files.readString(SCRIPT);
        return assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            Globals globals = argoSandbox();
            globals.set("obj", toLua(cluster));
            LuaValue result = globals.load(script, "health.lua").call();
            assertThat(result.istable()).as("health.lua returns a table").isTrue();
            return new Health(result.get("status").optjstring(null), result.get("message").optjstring(null));
        });
    }

    /** Argo CD's runLua without open libraries: package, base, table, and os with time and date only. */
    private static Globals argoSandbox() {
        Globals globals = new Globals();
        globals.load(new BaseLib());
        globals.load(new PackageLib());
        globals.load(new TableLib());
        LoadState.install(globals);
        LuaC.install(globals);
        Globals scratch = new Globals();
        scratch.load(new BaseLib());
        scratch.load(new PackageLib());
        scratch.load(new OsLib());
        LuaTable os = new LuaTable();
        os.set("time", scratch.get("os").get("time"));
        os.set("date", scratch.get("os").get("date"));
        globals.set("os", os);
        return globals;
    }

    /** Argo CD's conversion of the unstructured object: numbers are floats, lists 1-based tables, nulls absent. */
    private static LuaValue toLua(JsonNode node) {
        if (node.isObject()) {
            LuaTable table = new LuaTable();
            node.fields().forEachRemaining(field -> {
                if (!field.getValue().isNull()) {
                    table.set(field.getKey(), toLua(field.getValue()));
                }
            });
            return table;
        }
        if (node.isArray()) {
            LuaTable table = new LuaTable();
            int index = 1;
            for (JsonNode element : node) {
                table.set(index++, toLua(element));
            }
            return table;
        }
        if (node.isNumber()) {
            return LuaValue.valueOf(node.asDouble());
        }
        if (node.isBoolean()) {
            return LuaValue.valueOf(node.asBoolean());
        }
        if (node.isNull() || node.isMissingNode()) {
            return LuaValue.NIL;
        }
        return LuaValue.valueOf(node.asText());
    }

    private static ObjectNode manifest(String inputPath) throws IOException {
        return (ObjectNode) YAML.readTree(DIR.resolve(inputPath).toFile());
    }

    private static ObjectNode metadata(ObjectNode cluster) {
        return (ObjectNode) cluster.get("metadata");
    }

    private static ObjectNode status(ObjectNode cluster) {
        return (ObjectNode) cluster.get("status");
    }

    private static ObjectNode condition(ObjectNode cluster, String type) {
        for (JsonNode condition : status(cluster).get("conditions")) {
            if (type.equals(condition.get("type").asText())) {
                return (ObjectNode) condition;
            }
        }
        throw new AssertionError("no " + type + " condition");
    }

    private static void removeCondition(ObjectNode cluster, String type) {
        ArrayNode conditions = (ArrayNode) status(cluster).get("conditions");
        for (int i = 0; i < conditions.size(); i++) {
            if (type.equals(conditions.get(i).get("type").asText())) {
                conditions.remove(i);
                return;
            }
        }
        throw new AssertionError("no " + type + " condition");
    }
}
