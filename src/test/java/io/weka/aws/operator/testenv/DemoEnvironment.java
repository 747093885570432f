package io.weka.aws.operator.testenv;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Brings up the local API server and the AWS emulator for scripts/demo.sh, writes where to reach them into
 * the directory given as argument (kubeconfig, aws.env), prints READY and runs until stdin closes or it is
 * stopped; both services stop with it.
 */
public final class DemoEnvironment {
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
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() != -1) {
            // runs until the demo script closes our stdin
        }
        System.exit(0);
    }
}
