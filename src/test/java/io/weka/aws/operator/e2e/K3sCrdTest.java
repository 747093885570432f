package io.weka.aws.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.testenv.Crds;
import io.weka.aws.operator.testenv.DemoEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * On a real k3s node where Docker exists: the CRD installs and an example is stored. Skipped, and reported as
 * skipped, without Docker; everything here is also covered by the API-server tests.
 */
class K3sCrdTest {
    @BeforeEach
    void requireDocker() {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "Docker is not available: the k3s test is skipped (the real-API-server tests cover the same ground)");
    }

    @Test
    void crdInstallsAndTheMinimalExampleIsStored() throws Exception {
        try (K3sContainer k3s = new K3sContainer(DockerImageName.parse(DemoEnvironment.K3S_IMAGE))) {
            k3s.start();
            try (KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build()) {
                CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                        .load(Crds.COMMITTED.toFile()).item();
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
                client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                        .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions().stream()
                                .anyMatch(s -> "Established".equals(s.getType())), 60, TimeUnit.SECONDS);

                client.load(Files.newInputStream(Path.of("examples", "minimal.yaml"))).inNamespace("default")
                        .createOrReplace();

                assertThat(client.resources(WekaCluster.class).inNamespace("default").list().getItems())
                        .singleElement().satisfies(c -> assertThat(c.getSpec().backends.count).isEqualTo(6));
            }
        }
    }
}
