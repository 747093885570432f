package io.weka.aws.operator.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weka.aws.operator.testenv.LocalKubernetes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image tarball Jib builds (profile {@code image}) runs: its layers unpacked into a directory, its entrypoint
 * started there as its user (chroot in a private mount and PID namespace, with only the image's environment), it
 * connects to the local API server and logs that the operator started.
 */
class ContainerImageIT {
    private static final Path TARBALL = Path.of("target", "weka-aws-operator-image.tar");
    private static final Path UNPACKED = Path.of("target", "image-it");
    private static JsonNode config;
    private static Path root;

    @BeforeAll
    static void unpack() throws Exception {
        assertThat(TARBALL).as("built by `mvn -Pimage package`").exists();
        run(List.of("rm", "-rf", UNPACKED.toString()));
        Files.createDirectories(UNPACKED.resolve("image"));
        root = Files.createDirectories(UNPACKED.resolve("root")).toAbsolutePath();
        run(List.of("tar", "-xf", TARBALL.toString(), "-C", UNPACKED.resolve("image").toString()));
        ObjectMapper json = new ObjectMapper();
        JsonNode manifest = json.readTree(UNPACKED.resolve("image/manifest.json").toFile()).get(0);
        for (JsonNode layer : manifest.get("Layers")) {
            run(List.of("tar", "-xzf", UNPACKED.resolve("image").resolve(layer.asText()).toString(), "-C", root.toString()));
        }
        config = json.readTree(UNPACKED.resolve("image").resolve(manifest.get("Config").asText()).toFile()).get("config");
    }

    @Test
    void theImageRunsAsANonRootUserAndExposesTheHttpPort() {
        assertThat(config.get("User").asText()).isEqualTo("1001:1001");
        assertThat(config.get("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(root.resolve("deployments/quarkus-run.jar")).isRegularFile();
        assertThat(root.resolve("opt/java/bin/java")).isExecutable();
    }

    @Test
    void theEntrypointStartsTheOperatorAgainstTheApiServer() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && onPath("unshare") != null,
                "starting the image needs root and unshare (chroot into the unpacked layers)");
        String namespace = LocalKubernetes.newNamespace("image");
        Files.writeString(root.resolve("tmp/kubeconfig"), selfContained(Files.readString(LocalKubernetes.kubeconfig())));
        Files.setPosixFilePermissions(root.resolve("tmp/kubeconfig"), PosixFilePermissions.fromString("rw-r--r--"));

        // java resolves its own libraries through /proc, so the new root gets one; then the image's user runs.
        List<String> command = new ArrayList<>(List.of(onPath("unshare"), "--mount", "--pid", "--fork",
                "--kill-child", "--", onPath("sh"), "-c",
                "m=$0 c=$1 r=$2 u=$3; shift 3; \"$m\" -t proc proc \"$r/proc\" && exec \"$c\" --userspec=\"$u\" \"$r\" \"$@\"",
                onPath("mount"), onPath("chroot"), root.toString(), config.get("User").asText()));
        config.get("Entrypoint").forEach(a -> command.add(a.asText()));
        if (config.hasNonNull("Cmd")) {
            config.get("Cmd").forEach(a -> command.add(a.asText()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(UNPACKED.resolve("operator.log").toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        config.get("Env").forEach(e -> env.put(e.asText().split("=", 2)[0], e.asText().split("=", 2)[1]));
        env.put("KUBECONFIG", "/tmp/kubeconfig");
        env.put("POD_NAMESPACE", namespace);
        env.put("QUARKUS_HTTP_PORT", "0");

        Process operator = builder.start();
        try {
            await("the operator's start line").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(log()).contains("weka-aws-operator").contains("started in"));
            assertThat(log()).doesNotContain("Exception");
        } finally {
            // unshare ignores SIGTERM while it waits for its child; the operator itself shuts down on it
            operator.descendants().forEach(ProcessHandle::destroy);
            operator.destroy();
            assertThat(operator.waitFor(30, TimeUnit.SECONDS)).as("the operator stopped").isTrue();
        }
    }

    /** The kubeconfig with its certificate and key files inlined: the image cannot see the host's files. */
    private static String selfContained(String kubeconfig) {
        return Pattern.compile("(certificate-authority|client-certificate|client-key): (\\S+)").matcher(kubeconfig)
                .replaceAll(m -> {
                    try {
                        return m.group(1) + "-data: " + Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(m.group(2))));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private static String log() throws IOException {
        return Files.readString(UNPACKED.resolve("operator.log"), StandardCharsets.UTF_8);
    }

    private static String onPath(String tool) {
        return Stream.concat(Stream.of(System.getenv("PATH").split(":")), Stream.of("/usr/sbin", "/sbin"))
                .map(d -> Path.of(d, tool)).filter(Files::isExecutable).map(Path::toString).findFirst().orElse(null);
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
    }
}
