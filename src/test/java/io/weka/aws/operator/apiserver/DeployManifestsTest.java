package io.weka.aws.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.weka.aws.operator.testenv.LocalKubernetes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * deploy/ is the kustomize base for users without Helm: the chart's defaults (release weka-aws-operator in
 * weka-system) without Helm's own labels, plus the Namespace. The CRD stays in crds/ and is applied first.
 */
class DeployManifestsTest {
    static final String NAMESPACE = "weka-system";
    static final String RELEASE = "weka-aws-operator";

    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", String.join(" ", command)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s:%n%s", String.join(" ", command), text).isZero();
        return text;
    }

    static List<HasMetadata> kustomize() throws IOException, InterruptedException {
        return Manifests.parse(run("kubectl", "kustomize", Path.of("deploy").toString()));
    }

    @Test
    void theBaseIsTheChartsDefaultsPlusTheNamespace() throws Exception {
        Map<String, Map<String, Object>> base = byId(kustomize());
        Map<String, Map<String, Object>> chart = byId(Manifests.parse(
                HelmChartTest.render(RELEASE, NAMESPACE, null)));
        chart.values().forEach(DeployManifestsTest::dropHelmLabels);

        assertThat(base.keySet()).as("objects of deploy/ vs the chart").containsExactlyInAnyOrderElementsOf(
                concat(chart.keySet(), "Namespace//" + NAMESPACE));
        chart.forEach((id, expected) -> assertThat(base.get(id)).as("%s in deploy/ equals the chart's", id)
                .isEqualTo(expected));
    }

    @Test
    void theBaseIsHardenedAndClusterWide() throws Exception {
        List<HasMetadata> objects = kustomize();
        assertThat(objects).filteredOn(o -> !"Namespace".equals(o.getKind()) && !(o instanceof ClusterRole)
                && !"ClusterRoleBinding".equals(o.getKind()))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(NAMESPACE));
        HelmChartTest.assertWatchRules(Manifests.one(objects, ClusterRole.class, RELEASE).getRules());
        Deployment deployment = Manifests.one(objects, Deployment.class, RELEASE);
        HelmChartTest.assertHardened(deployment.getSpec().getTemplate().getSpec());
        assertThat(HelmChartTest.env(deployment.getSpec().getTemplate().getSpec().getContainers().get(0))
                .get("QUARKUS_OPERATOR_SDK_CONTROLLERS_WEKACLUSTER_NAMESPACES").getValue())
                .isEqualTo("JOSDK_ALL_NAMESPACES");
    }

    @Test
    void theDocumentedInstallCommandsAreAcceptedByTheApiServer() throws Exception {
        KubernetesClient client = LocalKubernetes.client();
        List<HasMetadata> objects = kustomize();
        HasMetadata namespace = objects.stream().filter(o -> "Namespace".equals(o.getKind())).findFirst()
                .orElseThrow();
        if (client.namespaces().withName(NAMESPACE).get() == null) {
            Manifests.assertAcceptedByApiServer(List.of(namespace));
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                    .build()).create();
        }
        Manifests.assertAcceptedByApiServer(objects.stream().filter(o -> o != namespace).toList());

        // Exactly what docs/operations.md tells users to run, against the test API server.
        String kubeconfig = "--kubeconfig=" + LocalKubernetes.kubeconfig();
        // The test API server already has the CRD (created by another field manager): the upgrade form.
        assertThat(run("kubectl", kubeconfig, "apply", "--server-side", "--force-conflicts", "--dry-run=server",
                "-f", "crds/"))
                .contains("customresourcedefinition.apiextensions.k8s.io/wekaclusters.aws.weka.io");
        assertThat(run("kubectl", kubeconfig, "apply", "--server-side", "--dry-run=server", "-k", "deploy/"))
                .contains("deployment.apps/weka-aws-operator", "clusterrole.rbac.authorization.k8s.io/weka-aws-operator");
    }

    private static Map<String, Map<String, Object>> byId(List<HasMetadata> objects) {
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        for (HasMetadata o : objects) {
            String id = o.getKind() + "/" + (o.getMetadata().getNamespace() == null ? "" : o.getMetadata()
                    .getNamespace()) + "/" + o.getMetadata().getName();
            assertThat(result.put(id, Manifests.asMap(o))).as("%s once", id).isNull();
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static void dropHelmLabels(Map<String, Object> object) {
        Map<String, Object> labels = (Map<String, Object>) ((Map<String, Object>) object.get("metadata"))
                .get("labels");
        if (labels != null) {
            labels.remove("helm.sh/chart");
            labels.remove("app.kubernetes.io/managed-by");
        }
    }

    private static List<String> concat(java.util.Collection<String> ids, String extra) {
        List<String> all = new ArrayList<>(ids);
        all.add(extra);
        return all.stream().collect(Collectors.toList());
    }
}
