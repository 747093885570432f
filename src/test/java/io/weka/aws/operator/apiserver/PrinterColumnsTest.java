package io.weka.aws.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.WekaClusterStatus;
import io.weka.aws.operator.api.v1alpha1.status.BackendsStatus;
import io.weka.aws.operator.api.v1alpha1.status.OutputsStatus;
import io.weka.aws.operator.api.v1alpha1.status.Phase;
import io.weka.aws.operator.testenv.LocalKubernetes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What `kubectl get wekaclusters` shows, asked of the real kubectl. */
class PrinterColumnsTest {
    private static String namespace;

    @BeforeAll
    static void clusterWithStatus() {
        KubernetesClient client = LocalKubernetes.client();
        namespace = LocalKubernetes.newNamespace("columns");
        WekaCluster cluster = client.resources(WekaCluster.class).load(new ByteArrayInputStream("""
                apiVersion: aws.weka.io/v1alpha1
                kind: WekaCluster
                metadata: {name: prod}
                spec:
                  region: eu-west-1
                  backends: {count: 8, instanceType: i3en.6xlarge}
                  weka: {version: "4.4.10", tokenSecretRef: {name: get-weka-io}}
                """.getBytes(StandardCharsets.UTF_8))).item();
        cluster = client.resources(WekaCluster.class).inNamespace(namespace).resource(cluster).create();
        WekaClusterStatus status = new WekaClusterStatus();
        status.phase = Phase.Clusterizing;
        status.backends = new BackendsStatus();
        status.backends.summary = "5/8";
        status.outputs = new OutputsStatus();
        status.outputs.albDnsName = "internal-weka-prod-lb-1.eu-west-1.elb.amazonaws.com";
        status.conditions.add(new ConditionBuilder().withType("Ready").withStatus("False").withReason("Clusterizing")
                .withLastTransitionTime("2026-11-25T10:00:00Z").withMessage("5/8").build());
        status.conditions.add(new ConditionBuilder().withType("Synced").withStatus("True").withReason("Reconciled")
                .withLastTransitionTime("2026-11-25T10:00:00Z").withMessage("the last reconcile completed").build());
        cluster.setStatus(status);
        client.resources(WekaCluster.class).inNamespace(namespace).resource(cluster).updateStatus();
    }

    @Test
    void defaultColumns() {
        List<String> lines = kubectl("get", "wekaclusters");

        assertThat(lines.get(0).split("\\s+"))
                .containsExactly("NAME", "REGION", "BACKENDS", "PHASE", "READY", "SYNCED", "AGE");
        assertThat(lines.get(1).split("\\s+")).startsWith("prod", "eu-west-1", "5/8", "Clusterizing", "False", "True");
    }

    @Test
    void wideAddsTheReasonLoadBalancerAndInstanceType() {
        List<String> lines = kubectl("get", "wc", "-o", "wide");

        assertThat(lines.get(0)).matches(
                "NAME\\s+REGION\\s+BACKENDS\\s+PHASE\\s+READY\\s+SYNCED\\s+AGE\\s+REASON\\s+ALB\\s+INSTANCE TYPE");
        assertThat(lines.get(1)).matches(".*\\sClusterizing\\s+False\\s+True\\s+\\S+\\s+Clusterizing\\s+"
                + "internal-weka-prod-lb-1[.]eu-west-1[.]elb[.]amazonaws[.]com\\s+i3en[.]6xlarge");
    }

    private static List<String> kubectl(String... args) {
        try {
            List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig",
                    LocalKubernetes.kubeconfig().toString(), "-n", namespace));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as(output).isZero();
            return output.lines().toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
