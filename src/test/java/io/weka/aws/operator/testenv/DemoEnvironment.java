package io.weka.aws.operator.testenv;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Brings up Kubernetes and the AWS emulator for scripts/demo.sh, writes where to reach them into the directory given
 * as argument (kubeconfig, aws.env), prints READY and runs until stdin closes or it is stopped; both services stop
 * with it. Kubernetes is the local API server, or with {@code WEKA_DEMO_KUBERNETES=k3s} (the demo's choice where no
 * kube binaries exist but Docker does) k3s through Testcontainers. Meanwhile a {@link WekaSimulator} plays WEKA's
 * functions for every WekaCluster that appears, so that the demo's cluster clusterizes and becomes Ready.
 */
public final class DemoEnvironment {
    private static final Duration SIMULATOR_TICK = Duration.ofSeconds(1);
    /** The Kubernetes release the local API server is built at (scripts/kube-binaries.sh), as k3s ships it. */
    public static final String K3S_IMAGE = "rancher/k3s:v1.34.3-k3s1";

    private DemoEnvironment() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("kubeconfig"), kubeconfig());
        Files.writeString(dir.resolve("aws.env"), """
                AWS_ENDPOINT_URL=%s
                AWS_REGION=%s
                AWS_ACCESS_KEY_ID=test
                AWS_SECRET_ACCESS_KEY=test
                """.formatted(LocalAws.endpoint(), LocalAws.REGION));
        WekaReleaseBucket.seed();
        simulateWekaForEveryCluster(new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(dir.resolve("kubeconfig")))).build());
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() != -1) {
            // runs until the demo script closes our stdin
        }
        System.exit(0);
    }

    /** The kubeconfig of a bare API server (no CRD: the demo installs it as users do). */
    private static String kubeconfig() throws IOException {
        if ("k3s".equals(System.getenv("WEKA_DEMO_KUBERNETES"))) {
            K3sContainer k3s = new K3sContainer(DockerImageName.parse(K3S_IMAGE));
            k3s.start();
            Runtime.getRuntime().addShutdownHook(new Thread(k3s::stop, "k3s-stop"));
            return k3s.getKubeConfigYaml();
        }
        return Files.readString(LocalKubernetes.bareKubeconfig());
    }

    private static void simulateWekaForEveryCluster(KubernetesClient kubernetes) {
        Map<String, WekaSimulator> simulators = new ConcurrentHashMap<>();
        Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "demo-clusters");
            thread.setDaemon(true);
            return thread;
        }).scheduleWithFixedDelay(() -> {
            try {
                for (WekaCluster cluster : kubernetes.resources(WekaCluster.class).inAnyNamespace().list()
                        .getItems()) {
                    simulators.computeIfAbsent(cluster.getMetadata().getUid(),
                            uid -> WekaSimulator.start(cluster, SIMULATOR_TICK));
                }
            } catch (RuntimeException e) {
                // The CRD may not be installed yet: look again at the next round.
            }
        }, 0, 1, TimeUnit.SECONDS);
    }
}
