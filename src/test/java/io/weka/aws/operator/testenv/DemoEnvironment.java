package io.weka.aws.operator.testenv;

import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Brings up the local API server and the AWS emulator for scripts/demo.sh, writes where to reach them into
 * the directory given as argument (kubeconfig, aws.env), prints READY and runs until stdin closes or it is
 * stopped; both services stop with it. Meanwhile a {@link WekaSimulator} plays WEKA's functions for every
 * WekaCluster that appears, so that the demo's cluster clusterizes and becomes Ready.
 */
public final class DemoEnvironment {
    private static final Duration SIMULATOR_TICK = Duration.ofSeconds(1);

    private DemoEnvironment() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Files.copy(LocalKubernetes.bareKubeconfig(), dir.resolve("kubeconfig"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("aws.env"), """
                AWS_ENDPOINT_URL=%s
                AWS_REGION=%s
                AWS_ACCESS_KEY_ID=test
                AWS_SECRET_ACCESS_KEY=test
                """.formatted(LocalAws.endpoint(), LocalAws.REGION));
        WekaReleaseBucket.seed();
        simulateWekaForEveryCluster();
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() != -1) {
            // runs until the demo script closes our stdin
        }
        System.exit(0);
    }

    private static void simulateWekaForEveryCluster() {
        Map<String, WekaSimulator> simulators = new ConcurrentHashMap<>();
        Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "demo-clusters");
            thread.setDaemon(true);
            return thread;
        }).scheduleWithFixedDelay(() -> {
            try {
                for (WekaCluster cluster : LocalKubernetes.client().resources(WekaCluster.class).inAnyNamespace().list()
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
