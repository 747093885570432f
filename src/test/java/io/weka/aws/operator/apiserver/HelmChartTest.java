package io.weka.aws.operator.apiserver;

import static io.weka.aws.operator.apiserver.Manifests.assertAcceptedByApiServer;
import static io.weka.aws.operator.apiserver.Manifests.ofKind;
import static io.weka.aws.operator.apiserver.Manifests.one;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.weka.aws.operator.testenv.Crds;
import io.weka.aws.operator.testenv.ExposedMetrics;
import io.weka.aws.operator.testenv.LocalKubernetes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart under helm-chart/, rendered by real Helm (helm-java embeds it) and checked field by field, then
 * every rendered object is dry-run created on a real API server with strict field validation.
 */
class HelmChartTest {
    static final Path CHART = Path.of("helm-chart");
    static final String RELEASE = "weka-aws-operator";

    @TempDir
    Path tmp;

    static String render(String release, String namespace, Path valuesFile) {
        // Helm checks Chart.yaml's kubeVersion against the server it renders for: the test API server.
        var template = new Helm(CHART).template().withName(release).withNamespace(namespace)
                .withKubeVersion(LocalKubernetes.client().getKubernetesVersion().getGitVersion());
        if (valuesFile != null) {
            template = template.withValuesFile(valuesFile);
        }
        return template.call();
    }

    @Test
    void lintStrictPasses() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    }

    @Test
    void lintStrictFailsOnValuesTheSchemaRejects() throws IOException {
        Path values = write("bad.yaml", "logFormat: xml\nreplicas: 3\n");
        assertThatThrownBy(() -> render(RELEASE, "weka-system", values)).hasMessageContaining("logFormat");
    }

    @Test
    void twoReplicasWithoutLeaderElectionIsRefused() throws IOException {
        Path values = write("two.yaml", "replicas: 2\nleaderElection:\n  enabled: false\n");
        assertThatThrownBy(() -> render(RELEASE, "weka-system", values)).hasMessageContaining("leaderElection");
    }

    @Test
    void defaultsRenderAClusterWideOperatorThatTheApiServerAccepts() {
        String namespace = LocalKubernetes.newNamespace("helm-default");
        List<HasMetadata> objects = Manifests.parse(render(RELEASE, namespace, null));
        assertThat(kinds(objects)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ServiceAccount", 1L, "ClusterRole", 1L, "ClusterRoleBinding", 1L,
                "Role", 1L, "RoleBinding", 1L, "Deployment", 1L, "Service", 1L));

        ServiceAccount sa = one(objects, ServiceAccount.class, RELEASE);
        assertThat(sa.getMetadata().getNamespace()).isEqualTo(namespace);
        assertThat(sa.getMetadata().getAnnotations()).isNullOrEmpty();

        ClusterRole role = one(objects, ClusterRole.class, RELEASE);
        assertWatchRules(role.getRules());
        ClusterRoleBinding binding = one(objects, ClusterRoleBinding.class, RELEASE);
        assertThat(binding.getRoleRef().getName()).isEqualTo(RELEASE);
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(RELEASE);
            assertThat(s.getNamespace()).isEqualTo(namespace);
        });
        assertLeaseRole(one(objects, Role.class, RELEASE + "-leader-election"), namespace);

        Deployment deployment = one(objects, Deployment.class, RELEASE);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo(RELEASE);
        assertHardened(pod);
        Container c = pod.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("weka/weka-aws-operator:0.1.0");
        assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent");
        Map<String, EnvVar> env = env(c);
        assertThat(env.get("QUARKUS_OPERATOR_SDK_CONTROLLERS_WEKACLUSTER_NAMESPACES").getValue())
                .isEqualTo("JOSDK_ALL_NAMESPACES");
        assertThat(env.get("QUARKUS_LOG_CONSOLE_JSON_ENABLED").getValue()).isEqualTo("false");
        assertThat(env.get("QUARKUS_LOG_CATEGORY__IO_WEKA_AWS_OPERATOR__LEVEL").getValue()).isEqualTo("INFO");
        assertThat(env.get("WEKA_OPERATOR_LEADER_ELECTION_ENABLED").getValue()).isEqualTo("true");
        assertThat(env.get("WEKA_OPERATOR_LEADER_ELECTION_LEASE_NAME").getValue()).isEqualTo(RELEASE + "-lease");
        assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.namespace");
        assertThat(env).doesNotContainKeys("AWS_REGION", "AWS_ACCESS_KEY_ID");
        assertThat(c.getEnvFrom()).as("no credentials Secret: IRSA / Pod Identity / instance profile").isNullOrEmpty();
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKey("memory");

        Service metrics = one(objects, Service.class, RELEASE + "-metrics");
        assertThat(metrics.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(8080);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
        });
        assertThat(metrics.getSpec().getSelector())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());

        // `helm template` leaves crds/ out (Helm installs them before the templates); see the packaging test.
        assertAcceptedByApiServer(objects);
    }

    @Test
    void nonDefaultValuesRenderANamespacedJsonLoggingHaOperatorThatTheApiServerAccepts() throws IOException {
        String namespace = LocalKubernetes.newNamespace("helm-ops");
        String teamA = LocalKubernetes.newNamespace("team-a");
        String teamB = LocalKubernetes.newNamespace("team-b");
        String roleArn = "arn:aws:iam::123456789012:role/weka-operator";
        Path values = write("custom.yaml", """
                fullnameOverride: weka-op
                replicas: 2
                watchNamespaces: [%s, %s]
                logFormat: json
                logLevel: DEBUG
                image:
                  repository: registry.example/weka/operator
                  tag: "1.2.3"
                  pullPolicy: Always
                serviceAccount:
                  annotations:
                    eks.amazonaws.com/role-arn: %s
                aws:
                  region: eu-west-1
                  credentials:
                    existingSecret: aws-creds
                serviceMonitor:
                  enabled: true
                  labels:
                    release: prometheus
                """.formatted(teamA, teamB, roleArn));
        List<HasMetadata> objects = Manifests.parse(render("ops", namespace, values));

        assertThat(ofKind(objects, "ClusterRole")).as("namespaced mode grants nothing cluster-wide").isEmpty();
        assertThat(ofKind(objects, "ClusterRoleBinding")).isEmpty();
        for (String watched : List.of(teamA, teamB)) {
            Role role = objects.stream().filter(Role.class::isInstance).map(Role.class::cast)
                    .filter(r -> watched.equals(r.getMetadata().getNamespace())).findFirst().orElseThrow();
            assertThat(role.getMetadata().getName()).isEqualTo("weka-op");
            assertWatchRules(role.getRules());
            RoleBinding binding = objects.stream().filter(RoleBinding.class::isInstance).map(RoleBinding.class::cast)
                    .filter(r -> watched.equals(r.getMetadata().getNamespace())).findFirst().orElseThrow();
            assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(binding.getSubjects()).singleElement()
                    .satisfies(s -> assertThat(s.getNamespace()).isEqualTo(namespace));
        }
        assertThat(ofKind(objects, "Role")).as("one per watched namespace plus the lease Role").hasSize(3);
        assertLeaseRole(one(objects, Role.class, "weka-op-leader-election"), namespace);

        ServiceAccount sa = one(objects, ServiceAccount.class, "weka-op");
        assertThat(sa.getMetadata().getAnnotations()).containsEntry("eks.amazonaws.com/role-arn", roleArn);

        Deployment deployment = one(objects, Deployment.class, "weka-op");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertHardened(pod);
        Container c = pod.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("registry.example/weka/operator:1.2.3");
        assertThat(c.getImagePullPolicy()).isEqualTo("Always");
        Map<String, EnvVar> env = env(c);
        assertThat(env.get("QUARKUS_OPERATOR_SDK_CONTROLLERS_WEKACLUSTER_NAMESPACES").getValue())
                .isEqualTo(teamA + "," + teamB);
        assertThat(env.get("QUARKUS_LOG_CONSOLE_JSON_ENABLED").getValue()).isEqualTo("true");
        assertThat(env.get("QUARKUS_LOG_CATEGORY__IO_WEKA_AWS_OPERATOR__LEVEL").getValue()).isEqualTo("DEBUG");
        assertThat(env.get("AWS_REGION").getValue()).isEqualTo("eu-west-1");
        assertThat(c.getEnvFrom()).singleElement()
                .satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo("aws-creds"));

        GenericKubernetesResource monitor = (GenericKubernetesResource) ofKind(objects, "ServiceMonitor").get(0);
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
        Map<String, Object> endpoint = ((List<Map<String, Object>>) monitor.get("spec", "endpoints")).get(0);
        assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/q/metrics");
        Service metrics = one(objects, Service.class, "weka-op-metrics");
        assertThat(metrics.getMetadata().getLabels())
                .containsAllEntriesOf((Map<String, String>) monitor.get("spec", "selector", "matchLabels"));

        Manifests.ensureServiceMonitorCrd();
        assertAcceptedByApiServer(withoutCrd(objects));
    }

    @Test
    void volumesTopologySpreadDisruptionBudgetAndDigestRenderAndTheApiServerAcceptsThem() throws IOException {
        String namespace = LocalKubernetes.newNamespace("helm-extras");
        String digest = "sha256:" + "0123456789abcdef".repeat(4);
        Path values = write("extras.yaml", """
                replicas: 2
                image:
                  repository: registry.example/weka/operator
                  tag: "1.2.3"
                  digest: %s
                extraVolumes:
                  - name: proxy-ca
                    configMap: {name: proxy-ca}
                extraVolumeMounts:
                  - name: proxy-ca
                    mountPath: /etc/pki/proxy
                    readOnly: true
                topologySpreadConstraints:
                  - maxSkew: 1
                    topologyKey: topology.kubernetes.io/zone
                    whenUnsatisfiable: ScheduleAnyway
                  - maxSkew: 1
                    topologyKey: kubernetes.io/hostname
                    whenUnsatisfiable: DoNotSchedule
                    labelSelector:
                      matchLabels: {team: storage}
                podDisruptionBudget:
                  enabled: true
                """.formatted(digest));
        List<HasMetadata> objects = Manifests.parse(render(RELEASE, namespace, values));

        Deployment deployment = one(objects, Deployment.class, RELEASE);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        assertThat(c.getImage()).as("the digest wins over the tag")
                .isEqualTo("registry.example/weka/operator@" + digest);
        assertThat(pod.getVolumes()).extracting(Volume::getName).containsExactly("tmp", "proxy-ca");
        assertThat(pod.getVolumes().get(1).getConfigMap().getName()).isEqualTo("proxy-ca");
        assertThat(c.getVolumeMounts()).extracting(VolumeMount::getMountPath).containsExactly("/tmp", "/etc/pki/proxy");
        assertThat(c.getVolumeMounts().get(1).getReadOnly()).isTrue();
        Map<String, String> podSelector = deployment.getSpec().getSelector().getMatchLabels();
        assertThat(pod.getTopologySpreadConstraints()).hasSize(2);
        assertThat(pod.getTopologySpreadConstraints().get(0).getLabelSelector().getMatchLabels())
                .as("a constraint without a selector spreads the operator's own pods").isEqualTo(podSelector);
        assertThat(pod.getTopologySpreadConstraints().get(1).getLabelSelector().getMatchLabels())
                .as("a selector given is kept").isEqualTo(Map.of("team", "storage"));
        assertThat(pod.getTopologySpreadConstraints().get(1).getWhenUnsatisfiable()).isEqualTo("DoNotSchedule");
        PodDisruptionBudget budget = one(objects, PodDisruptionBudget.class, RELEASE);
        assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getMaxUnavailable()).isNull();
        assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(podSelector);

        assertAcceptedByApiServer(objects);
    }

    @Test
    void aDisruptionBudgetByMaxUnavailableReplacesMinAvailableAndABadDigestIsRefused() throws IOException {
        Path maxUnavailable = write("max.yaml", "podDisruptionBudget:\n  enabled: true\n  maxUnavailable: 50%\n");
        PodDisruptionBudget budget = one(Manifests.parse(render(RELEASE, "weka-system", maxUnavailable)),
                PodDisruptionBudget.class, RELEASE);
        assertThat(budget.getSpec().getMaxUnavailable().getStrVal()).isEqualTo("50%");
        assertThat(budget.getSpec().getMinAvailable()).isNull();

        Path badDigest = write("digest.yaml", "image:\n  digest: latest\n");
        assertThatThrownBy(() -> render(RELEASE, "weka-system", badDigest)).hasMessageContaining("digest");
    }

    @Test
    void theDashboardAndTheAlertsQueryOnlyMetricsTheOperatorExposes() throws IOException {
        String namespace = LocalKubernetes.newNamespace("helm-observe");
        Path values = write("observe.yaml", """
                grafanaDashboard:
                  enabled: true
                  annotations: {grafana_folder: WEKA}
                prometheusRule:
                  enabled: true
                  labels: {release: prometheus}
                """);
        List<HasMetadata> objects = Manifests.parse(render(RELEASE, namespace, values));

        ConfigMap dashboard = one(objects, ConfigMap.class, RELEASE + "-dashboard");
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "WEKA");
        JsonNode json = new ObjectMapper().readTree(dashboard.getData().get("weka-aws-operator.json"));
        List<String> panelQueries = json.findValues("expr").stream().map(JsonNode::asText).toList();
        List<String> variableQueries = json.path("templating").path("list").findValues("definition").stream()
                .map(JsonNode::asText).toList();
        GenericKubernetesResource rule = (GenericKubernetesResource) ofKind(objects, "PrometheusRule").get(0);
        assertThat(rule.getMetadata().getLabels()).containsEntry("release", "prometheus");
        List<Map<String, Object>> rules = ((List<Map<String, Object>>) rule.get("spec", "groups")).stream()
                .flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream()).toList();
        assertThat(rules).extracting(r -> r.get("alert")).contains("WekaClusterFailed", "WekaClusterDegraded");
        List<String> alertQueries = rules.stream().map(r -> String.valueOf(r.get("expr"))).toList();

        assertThat(panelQueries).hasSizeGreaterThanOrEqualTo(8);
        Set<String> exposed = ExposedMetrics.listed();
        for (String query : concat(panelQueries, variableQueries, alertQueries)) {
            assertThat(PromQl.metricNames(query)).as(query).isNotEmpty().isSubsetOf(exposed);
        }
        Manifests.ensurePrometheusRuleCrd();
        assertAcceptedByApiServer(objects);
    }

    @Test
    void promQlMetricNamesAreTheIdentifiersThatAreNeitherFunctionsNorLabels() {
        assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (service, le) (rate("
                + "weka_aws_api_call_duration_seconds_bucket{outcome!=\"x\"}[$__rate_interval]))) > 2 and on (service) "
                + "up offset 5m")).containsExactlyInAnyOrder("weka_aws_api_call_duration_seconds_bucket", "up");
        assertThat(PromQl.metricNames("label_values(weka_cluster_phase, namespace)"))
                .containsExactly("weka_cluster_phase");
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }

    @Test
    void theChartShipsTheRepositoryCrdByteForByteWhenRenderedAndPackaged() throws IOException {
        byte[] source = Files.readAllBytes(Crds.COMMITTED);
        // Helm follows helm-chart/crds/ to the single source in crds/.
        assertThat(Files.readAllBytes(CHART.resolve("crds").resolve(Crds.COMMITTED.getFileName()))).isEqualTo(source);

        new Helm(CHART).packageIt().withDestination(tmp).call();
        Path archive = tmp.resolve("weka-aws-operator-0.1.0.tgz");
        assertThat(archive).exists();
        Map<String, byte[]> files = untar(archive);
        assertThat(files).containsKeys("weka-aws-operator/Chart.yaml", "weka-aws-operator/values.schema.json",
                "weka-aws-operator/templates/deployment.yaml");
        assertThat(files.get("weka-aws-operator/crds/wekaclusters.aws.weka.io-v1.yml"))
                .as("the packaged CRD is a regular file with the content of crds/").isEqualTo(source);
        assertThat(files.keySet().stream().filter(f -> f.contains("/crds/")))
                .as("crds/ holds exactly the WekaCluster CRD").containsExactly(
                        "weka-aws-operator/crds/wekaclusters.aws.weka.io-v1.yml");
    }

    static void assertWatchRules(List<PolicyRule> rules) {
        Map<String, List<String>> verbs = rules.stream().flatMap(r -> r.getResources().stream()
                .map(res -> Map.entry(r.getApiGroups().get(0) + "/" + res, r.getVerbs())))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(verbs).containsOnlyKeys("aws.weka.io/wekaclusters", "aws.weka.io/wekaclusters/status",
                "aws.weka.io/wekaclusters/finalizers", "/secrets", "/events");
        assertThat(verbs.get("aws.weka.io/wekaclusters"))
                .containsExactlyInAnyOrder("get", "list", "watch", "patch", "update");
        assertThat(verbs.get("aws.weka.io/wekaclusters/status")).containsExactlyInAnyOrder("patch", "update");
        assertThat(verbs.get("aws.weka.io/wekaclusters/finalizers")).containsExactly("update");
        assertThat(verbs.get("/secrets")).as("the verbs OperatorSecretsRbacTest proves the operator uses")
                .containsExactlyInAnyOrder("get", "create", "update", "delete");
        assertThat(verbs.get("/events")).containsExactlyInAnyOrder("create", "patch");
        assertThat(rules).allSatisfy(r -> {
            assertThat(r.getVerbs()).doesNotContain("*");
            assertThat(r.getResources()).doesNotContain("*");
        });
    }

    static void assertLeaseRole(Role role, String namespace) {
        assertThat(role.getMetadata().getNamespace()).isEqualTo(namespace);
        assertThat(role.getRules()).singleElement().satisfies(r -> {
            assertThat(r.getApiGroups()).containsExactly("coordination.k8s.io");
            assertThat(r.getResources()).containsExactly("leases");
            assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "create", "update");
        });
    }

    static void assertHardened(PodSpec pod) {
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        Container c = pod.getContainers().get(0);
        var sc = c.getSecurityContext();
        assertThat(sc.getRunAsNonRoot()).isTrue();
        assertThat(sc.getRunAsUser()).isEqualTo(1001L);
        assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
        assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
        assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        String tmpVolume = c.getVolumeMounts().stream().filter(m -> "/tmp".equals(m.getMountPath())).findFirst()
                .orElseThrow().getName();
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo(tmpVolume);
            assertThat(v.getEmptyDir()).isNotNull();
        });
        assertThat(c.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getContainerPort()).isEqualTo(8080);
            assertThat(p.getName()).isEqualTo("http");
        });
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }

    static Map<String, EnvVar> env(Container c) {
        Map<String, EnvVar> env = new HashMap<>();
        for (EnvVar e : c.getEnv()) {
            assertThat(env.put(e.getName(), e)).as("env %s set once", e.getName()).isNull();
        }
        return env;
    }

    static Map<String, Long> kinds(List<HasMetadata> objects) {
        return objects.stream().collect(Collectors.groupingBy(HasMetadata::getKind, Collectors.counting()));
    }

    static List<HasMetadata> withoutCrd(List<HasMetadata> objects) {
        return objects.stream().filter(o -> !"CustomResourceDefinition".equals(o.getKind())).toList();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(tmp.resolve(name), content);
    }

    /** A minimal ustar reader: regular files only, which is all `helm package` writes. */
    static Map<String, byte[]> untar(Path tgz) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                String name = field(header, 0, 100);
                if (name.isEmpty()) {
                    break;
                }
                String prefix = field(header, 345, 155);
                long size = Long.parseLong(field(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                byte[] body = in.readNBytes((int) size);
                in.readNBytes((int) ((512 - size % 512) % 512));
                if (type == '0' || type == 0) {
                    files.put(prefix.isEmpty() ? name : prefix + "/" + name, body);
                }
            }
        }
        return files;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
