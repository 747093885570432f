package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.WekaClusterStatus;
import io.weka.aws.operator.api.v1alpha1.status.Phase;
import io.weka.aws.operator.testenv.WekaSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * spec.csiSecret through the real API server and the emulator, WEKA played by the {@link WekaSimulator}: nothing is
 * written while WEKA's admin password is empty, then the CSI plugin's Secret follows the backends, is rewritten only
 * when it differs, and goes when turned off; through the load balancer it names the balancer and trusts its
 * certificate. Secret values are compared, never printed.
 */
class CsiSecretTest extends SimulatedClusterScenario {
    CsiSecretTest() {
        super("csi");
    }

    @Test
    void writtenOnceWekaSetsItsPasswordThenFollowsTheBackendsAndGoesWhenTurnedOff() {
        Resource<WekaCluster> cluster = cluster("csi", """
                loadBalancer: {enabled: false}
                csiSecret: {enabled: true}
                """);
        simulator = WekaSimulator.start(cluster.get(), TICK).holdClusterization();

        awaitStatus(cluster, "waiting for the admin password", s -> {
            assertThat(s.clusterization.readyForClusterization).isEqualTo(6);
            assertThat(condition(s, "CsiSecretReady").getStatus()).isEqualTo("False");
            assertThat(condition(s, "CsiSecretReady").getReason()).isEqualTo("AdminPasswordNotSet");
            assertThat(condition(s, "CsiSecretReady").getMessage()).contains(namespace + "/csi-csi-wekafs-api");
        });
        assertThat(secret("csi-csi-wekafs-api")).as("no Secret while the password is empty").isNull();

        simulator.releaseClusterization();
        WekaClusterStatus ready = awaitStatusAndGet(cluster, "the Secret written", s -> {
            assertThat(s.phase).isEqualTo(Phase.Ready);
            assertThat(condition(s, "CsiSecretReady").getStatus()).isEqualTo("True");
            assertThat(condition(s, "CsiSecretReady").getReason()).isEqualTo("CsiSecretWritten");
            assertThat(s.outputs.csiSecret).isEqualTo("csi-csi-wekafs-api");
        });
        Secret written = secret("csi-csi-wekafs-api");
        Map<String, String> values = decoded(written);
        assertThat(values).containsOnlyKeys("username", "password", "organization", "endpoints", "scheme",
                "autoUpdateEndpoints");
        assertThat(values.get("password").equals(simulator.adminPassword())).as("WEKA's admin password").isTrue();
        assertThat(values).containsEntry("username", "admin").containsEntry("organization", "Root")
                .containsEntry("scheme", "https").containsEntry("autoUpdateEndpoints", "true");
        assertThat(ready.outputs.ipsType).isEqualTo("PublicIpAddress");
        assertThat(endpoints(values)).as("the backends' private addresses, whatever the outputs list").hasSize(6)
                .doesNotHaveDuplicates().allMatch(e -> e.matches("10[.]0[.][0-9]+[.][0-9]+:14000"));
        assertThat(written.getType()).isEqualTo("Opaque");
        assertThat(written.getMetadata().getLabels()).containsEntry("aws.weka.io/cluster", "csi")
                .containsEntry("app.kubernetes.io/managed-by", "weka-aws-operator");
        assertThat(written.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getUid()).isEqualTo(cluster.get().getMetadata().getUid());
            assertThat(owner.getKind()).isEqualTo("WekaCluster");
            assertThat(owner.getController()).isTrue();
        });

        int reconciles = operator.reconciles(namespace, "csi");
        await("two more reconciles").atMost(CONVERGED).until(() -> operator.reconciles(namespace, "csi")
                >= reconciles + 2);
        assertThat(secret("csi-csi-wekafs-api").getMetadata().getResourceVersion()).as("not rewritten unchanged")
                .isEqualTo(written.getMetadata().getResourceVersion());

        cluster.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"backends\":{\"count\":8}}}");
        await("8 endpoints").atMost(CONVERGED).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                .untilAsserted(() -> assertThat(endpoints(decoded(secret("csi-csi-wekafs-api")))).hasSize(8));
        await("the events").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(events()).anyMatch(m -> m.equals("Created created Secret " + namespace
                                + "/csi-csi-wekafs-api"))
                        .anyMatch(m -> m.equals("Updated updated Secret " + namespace
                                + "/csi-csi-wekafs-api: keys [endpoints]"))
                        .noneMatch(m -> m.contains(simulator.adminPassword())));
        assertThat(client.resources(WekaCluster.class).inNamespace(namespace).withName("csi").get().getStatus()
                .toString()).doesNotContain(simulator.adminPassword());

        cluster.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"csiSecret\":{\"enabled\":false}}}");
        awaitStatus(cluster, "the condition gone", s -> {
            assertThat(s.conditions).noneMatch(c -> c.getType().equals("CsiSecretReady"));
            assertThat(s.outputs.csiSecret).isNull();
        });
        assertThat(secret("csi-csi-wekafs-api")).as("deleted when turned off").isNull();
    }

    @Test
    void throughTheLoadBalancerItNamesTheBalancerAndTrustsItsGeneratedCertificate() {
        Resource<WekaCluster> cluster = cluster("lb", "csiSecret: {enabled: true, name: weka-csi}\n");
        simulator = WekaSimulator.start(cluster.get(), TICK);

        awaitStatus(cluster, "the Secret written", s -> assertThat(condition(s, "CsiSecretReady").getStatus())
                .isEqualTo("True"));
        Map<String, String> values = decoded(secret("weka-csi"));
        try (ElasticLoadBalancingV2Client elb = ElasticLoadBalancingV2Client.builder().region(Region.US_EAST_1)
                .build()) {
            String dnsName = elb.describeLoadBalancers().loadBalancers().get(0).dnsName();
            assertThat(values).containsEntry("endpoints", dnsName + ":14000")
                    .containsEntry("autoUpdateEndpoints", "false").containsEntry("scheme", "https");
        }
        assertThat(values.get("caCertificate")).startsWith("-----BEGIN CERTIFICATE-----\n");
    }

    @Test
    void aNamesakeSecretOfSomeoneElseIsLeftAloneAndSaid() {
        client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName("taken")
                .endMetadata().withStringData(Map.of("note", "not the operator's")).build()).create();
        Resource<WekaCluster> cluster = cluster("taken", """
                loadBalancer: {enabled: false}
                csiSecret: {enabled: true, name: taken}
                """);
        simulator = WekaSimulator.start(cluster.get(), TICK);

        awaitStatus(cluster, "the conflict", s -> {
            assertThat(s.phase).isEqualTo(Phase.Ready);
            assertThat(condition(s, "CsiSecretReady").getReason()).isEqualTo("ResourceConflict");
            assertThat(condition(s, "CsiSecretReady").getMessage()).contains("was not written by this WekaCluster");
        });
        assertThat(decoded(secret("taken"))).containsOnlyKeys("note");

        cluster.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"csiSecret\":{\"enabled\":false}}}");
        awaitStatus(cluster, "the condition gone", s -> assertThat(s.conditions)
                .noneMatch(c -> c.getType().equals("CsiSecretReady")));
        assertThat(secret("taken")).as("someone else's Secret is never deleted").isNotNull();
    }

    private Secret secret(String name) {
        return client.secrets().inNamespace(namespace).withName(name).get();
    }

    private List<String> events() {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .map(e -> e.getReason() + " " + e.getMessage()).toList();
    }

    private static Map<String, String> decoded(Secret secret) {
        return secret.getData().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> new String(Base64.getDecoder().decode(e.getValue()), StandardCharsets.UTF_8)));
    }

    private static List<String> endpoints(Map<String, String> values) {
        return Optional.ofNullable(values.get("endpoints")).map(e -> List.of(e.split(","))).orElse(List.of());
    }
}
