package io.weka.aws.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.spec.BackendsSpec;
import io.weka.aws.operator.api.v1alpha1.spec.ContainerLayoutSpec;
import io.weka.aws.operator.model.ClusterNames;
import io.weka.aws.operator.model.ContainerLayouts;
import io.weka.aws.operator.model.LambdaEnvironments;
import io.weka.aws.operator.model.WekaFunction;
import io.weka.aws.operator.testenv.Golden;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden files of every function's environment. The clusters are stored on the API server first, so that the
 * specs carry the CRD's defaults exactly as the operator sees them.
 */
class LambdaEnvironmentsTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String BASE = """
            region: us-east-1
            weka: {version: "4.4.10", tokenSecretRef: {name: t}}
            """;
    private static final String SECRETS = "arn:aws:secretsmanager:us-east-1:123456789012:secret:weka/weka-prod/";
    private static final LambdaEnvironments.Inputs INPUTS = new LambdaEnvironments.Inputs("weka-prod-weka-deployment",
            SECRETS + "get_weka_io_token-Ab1x", SECRETS + "weka-username-Ab1x", SECRETS + "weka-password-Ab1x",
            SECRETS + "weka-deployment-password-Ab1x", "app/weka-prod-lb/0123456789abcdef");
    private static String namespace;

    @BeforeAll
    static void namespace() {
        namespace = LocalKubernetes.newNamespace("envs");
    }

    @Test
    void everyFunctionOfADefaultClusterMatchesItsGoldenFile() {
        Map<WekaFunction, Map<String, String>> all = environments("default", BASE, INPUTS);

        assertThat(all.keySet()).containsExactly(WekaFunction.values());
        all.forEach((function, env) -> Golden.assertMatches("lambda/default/" + file(function), json(env)));
        all.forEach((function, env) -> assertThat(env).containsEntry("LAMBDA", function.dispatch()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "dedicated-frontend | 'backends: {dedicatedFrontendContainer: true}' | DEPLOY CLUSTERIZE",
        "udp                | 'backends: {dpdk: false}'                       | DEPLOY CLUSTERIZE",
        "tiering            | 'tiering: {enabled: true, bucket: prod-obs, ssdPercent: 30, startDemote: 60}' | CLUSTERIZE",
        "tiering-created    | 'tiering: {enabled: true}' | CLUSTERIZE",
        "nfs                | 'protocolGateways: {nfs: {count: 3, interfaceGroupName: ig1, secondaryIpsPerNic: 2, frontendCores: 2, cgroupsMode: Auto}}' | DEPLOY CLUSTERIZE",
        "proxy              | 'network: {proxyUrl: \"http://proxy.internal:3128\"}' | DEPLOY CLUSTERIZE",
    })
    void aVariantChangesExactlyTheFunctionsItConcerns(String variant, String spec, String concerned) {
        Map<WekaFunction, Map<String, String>> defaults = environments("base-" + variant, BASE, INPUTS);
        Map<WekaFunction, Map<String, String>> all = environments(variant, BASE + spec + "\n", INPUTS);

        assertChangedExactly(variant, defaults, all, concerned);
    }

    @Test
    void withoutALoadBalancerTheSuffixIsEmptyAsInTheModule() {
        Map<WekaFunction, Map<String, String>> defaults = environments("base-no-alb", BASE, INPUTS);
        LambdaEnvironments.Inputs noAlb = new LambdaEnvironments.Inputs(INPUTS.stateTable(), INPUTS.tokenSecretId(),
                INPUTS.usernameSecretId(), INPUTS.adminPasswordSecretId(), INPUTS.deploymentPasswordSecretId(), null);
        Map<WekaFunction, Map<String, String>> all = environments("no-alb", BASE + "loadBalancer: {enabled: false}\n",
                noAlb);

        assertChangedExactly("no-alb", defaults, all, "DEPLOY CLUSTERIZE");
        assertThat(all.get(WekaFunction.DEPLOY)).containsEntry("ALB_ARN_SUFFIX", "");
    }

    @Test
    void customPrefixesSizesAndSourcesReachEveryFunction() {
        String spec = """
                region: eu-west-1
                clusterName: custom
                prefix: acme
                customPrefix: {lambda: fn, ec2: vm, obs: store}
                weka: {installUrl: "https://downloads.example.com/weka-4.4.10.tar", homeUrl: "https://home.example.com"}
                backends: {count: 10, protectionLevel: 4, hotspare: 2, instanceType: i8ge.6xlarge, setDefaultFilesystem: false,
                           downBackendsRemovalTimeout: 90m, cgroupsMode: Auto, postClusterSetupScript: "echo done"}
                secretsManager: {useEndpoint: false}
                stateTable: {name: shared-table, hashKey: Id}
                dataServices: {cgroupsMode: Auto}
                """;
        LambdaEnvironments.Inputs inputs = new LambdaEnvironments.Inputs("shared-table", null, SECRETS + "u",
                SECRETS + "a", SECRETS + "d", null);
        Map<WekaFunction, Map<String, String>> all = environments("custom", spec, inputs);

        all.forEach((function, env) -> Golden.assertMatches("lambda/custom/" + file(function), json(env)));
        assertThat(all.get(WekaFunction.DEPLOY)).containsEntry("TOKEN_ID", "")
                .containsEntry("INSTALL_URL", "https://downloads.example.com/weka-4.4.10.tar")
                .containsEntry("CLUSTERIZE_LAMBDA_NAME", "fn-custom-clusterize-lambda");
        assertThat(all.get(WekaFunction.CLUSTERIZE)).containsEntry("STRIPE_WIDTH", "5").containsEntry("PREFIX", "store");
        assertThat(all.get(WekaFunction.FETCH)).containsEntry("ASG_NAME", "vm-custom-autoscaling-group")
                .containsEntry("NFS_ASG_NAME", "vm-custom-nfs-protocol-gateway");
    }

    @Test
    void theStripeWidthIsCappedAt16AndAGivenOneWins() {
        assertThat(environments("big", BASE + "backends: {count: 40}\n", INPUTS).get(WekaFunction.CLUSTERIZE))
                .containsEntry("STRIPE_WIDTH", "16").containsEntry("HOSTS_NUM", "40");
        assertThat(environments("given", BASE + "backends: {count: 12, stripeWidth: 7}\n", INPUTS)
                .get(WekaFunction.CLUSTERIZE)).containsEntry("STRIPE_WIDTH", "7");
    }

    @Test
    void aContainerLayoutReplacesTheTableAndKeepsTheModulesMemorySpelling() {
        BackendsSpec backends = new BackendsSpec();
        backends.instanceType = "m7i.8xlarge";
        backends.containerLayout = new ContainerLayoutSpec();
        backends.containerLayout.compute = 3;
        backends.containerLayout.drive = 2;
        backends.containerLayout.frontend = 1;
        backends.containerLayout.nvme = 4;
        backends.containerLayout.nics = 7;
        backends.containerLayout.computeMemoryGB = 100.0;
        backends.containerLayout.computeMemoryWithFrontendGB = 99.75;

        ContainerLayouts.Layout layout = ContainerLayouts.of(backends);

        assertThat(layout.computeMemory(false)).isEqualTo("100GB");
        assertThat(layout.computeMemory(true)).isEqualTo("99.75GB");
        assertThat(layout.computeCores(false)).isEqualTo(4);
        assertThat(layout.frontendCores(false)).isZero();
        assertThat(layout.nics(false)).isEqualTo(1);
        backends.containerLayout = null;
        assertThatThrownBy(() -> ContainerLayouts.of(backends)).hasMessageContaining("m7i.8xlarge");
    }

    @Test
    void theTableIsTheModulesForEveryKnownInstanceType() {
        assertThat(ContainerLayouts.MODULE_DEFAULTS).hasSize(12);
        assertThat(ContainerLayouts.MODULE_DEFAULTS.get("i3en.24xlarge"))
                .isEqualTo(new ContainerLayouts.Layout(9, 4, 1, 8, 15, "384GB", "384GB"));
        assertThat(ContainerLayouts.MODULE_DEFAULTS.get("i8ge.18xlarge"))
                .isEqualTo(new ContainerLayouts.Layout(11, 3, 1, 6, 16, "347GB", "347GB"));
    }

    private static void assertChangedExactly(String variant, Map<WekaFunction, Map<String, String>> defaults,
            Map<WekaFunction, Map<String, String>> all, String concerned) {
        Set<WekaFunction> changed = Arrays.stream(WekaFunction.values())
                .filter(f -> !all.get(f).equals(defaults.get(f))).collect(Collectors.toSet());
        assertThat(changed).as("functions whose environment %s changes", variant)
                .containsExactlyInAnyOrder(Arrays.stream(concerned.split(" ")).map(WekaFunction::valueOf)
                        .toArray(WekaFunction[]::new));
        changed.forEach(f -> Golden.assertMatches("lambda/" + variant + "/" + file(f), json(all.get(f))));
    }

    private static Map<WekaFunction, Map<String, String>> environments(String name, String spec,
            LambdaEnvironments.Inputs inputs) {
        // One cluster name for all, so that a variant differs from the default only by what it changes.
        String named = spec.contains("clusterName:") ? spec : "clusterName: prod\n" + spec;
        WekaCluster cluster = TestClusters.stored(namespace, name, named);
        return LambdaEnvironments.all(cluster.getSpec(), new ClusterNames(cluster), inputs);
    }

    private static String file(WekaFunction function) {
        return function.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".json";
    }

    private static String json(Map<String, String> env) {
        try {
            return JSON.writeValueAsString(env) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
