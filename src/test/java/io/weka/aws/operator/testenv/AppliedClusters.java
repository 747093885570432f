package io.weka.aws.operator.testenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Manifests applied as a user would (a WekaCluster and its Secrets), and waiting for what the operator reports. */
public final class AppliedClusters {
    private AppliedClusters() {
    }

    public static Resource<WekaCluster> apply(String namespace, Path manifest) {
        try {
            return applyYaml(namespace, Files.readString(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates every object of the YAML in the namespace; returns the WekaCluster among them. */
    public static Resource<WekaCluster> applyYaml(String namespace, String yaml) {
        KubernetesClient client = LocalKubernetes.client();
        List<HasMetadata> objects = client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
        objects.forEach(o -> client.resource(o).inNamespace(namespace).create());
        String name = objects.stream().filter(o -> o instanceof WekaCluster || "WekaCluster".equals(o.getKind()))
                .findFirst().orElseThrow().getMetadata().getName();
        return client.resources(WekaCluster.class).inNamespace(namespace).withName(name);
    }

    /** Waits until the condition has the status, and returns the cluster as it was then. */
    public static WekaCluster awaitCondition(Resource<WekaCluster> cluster, String type, String status,
            Duration atMost) {
        await(type + "=" + status).atMost(atMost).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().untilAsserted(() -> assertThat(cluster.get().getStatus().conditions)
                        .as(() -> "conditions: " + cluster.get().getStatus().conditions)
                        .anySatisfy(c -> {
                            assertThat(c.getType()).isEqualTo(type);
                            assertThat(c.getStatus()).isEqualTo(status);
                        }));
        return cluster.get();
    }

    public static WekaCluster awaitInfrastructureReady(Resource<WekaCluster> cluster) {
        return awaitCondition(cluster, "InfrastructureReady", "True", Duration.ofSeconds(120));
    }
}
