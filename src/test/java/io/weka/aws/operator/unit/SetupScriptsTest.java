package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripts the Makefile runs before anything is built: the prerequisites check and the choice between prebuilt
 * kube binaries and a build from source. Each runs with a PATH of its own (the shell utilities it uses, plus stub
 * tools that print versions) and a HOME of its own, so nothing of this machine leaks in and nothing is built.
 */
class SetupScriptsTest {
    /** What the scripts themselves call; everything else on their PATH is a stub a test puts there. */
    private static final List<String> SHELL_UTILITIES = List.of("bash", "sed", "head", "sort", "dirname", "cat",
            "uname", "mkdir", "ln");

    @TempDir
    Path tmp;
    private Path bin;
    private Path home;

    record Result(int exitCode, String output) {
    }

    @BeforeEach
    void shellUtilitiesOnly() throws IOException {
        bin = Files.createDirectories(tmp.resolve("bin"));
        home = Files.createDirectories(tmp.resolve("home"));
        for (String tool : SHELL_UTILITIES) {
            stub(tool, "exec " + onRealPath(tool) + " \"$@\"");
        }
    }

    @Test
    void everyToolPresentPassesSilently() throws Exception {
        allToolsOfMakeTest();

        assertThat(check("test")).isEqualTo(new Result(0, ""));
    }

    @Test
    void missingKubectlAndUnzipAreListedTogetherBeforeAnythingIsBuilt() throws Exception {
        allToolsOfMakeTest();
        Files.delete(bin.resolve("kubectl"));
        Files.delete(bin.resolve("unzip"));

        Result result = check("test");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).startsWith("make test needs tools that are missing or too old:\n")
                .contains("  - unzip: not found (unpacks the Maven ./mvnw runs, once)\n")
                .contains("  - kubectl: not found (the tests and kube-api-test drive the API server with it)\n")
                .doesNotContain("java").doesNotContain("go 1.24").doesNotContain("python3");
    }

    @Test
    void tooOldAToolIsNamedWithTheVersionFound() throws Exception {
        allToolsOfMakeTest();
        stub("java", "echo 'openjdk version \"11.0.22\" 2024-01-16' >&2");
        stub("go", "echo go1.22.5");

        Result result = check("test");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("  - java 17+: found openjdk version \"11.0.22\" 2024-01-16\n")
                .contains("  - go 1.24+: found 1.22.5 (builds kube-apiserver and etcd, once)\n");
    }

    @Test
    void unitTestsNeedNeitherKubectlNorGoNorPython() throws Exception {
        stub("java", "echo 'openjdk version \"17.0.9\" 2023-10-17' >&2");
        stub("mvn", "exit 0");
        stub("unzip", "exit 0");

        assertThat(check("unit")).isEqualTo(new Result(0, ""));
    }

    @Test
    void goIsNotAskedForWhenPrebuiltKubeBinariesExist() throws Exception {
        allToolsOfMakeTest();
        Files.delete(bin.resolve("go"));
        Map<String, String> env = Map.of("KUBEBUILDER_ASSETS", kubeAssets("1.31.2").toString());

        assertThat(run(env, "scripts/check-prerequisites.sh", "test")).isEqualTo(new Result(0, ""));
    }

    @Test
    void prebuiltBinariesInKubebuilderAssetsAreLinkedIntoTheCacheAndNothingIsBuilt() throws Exception {
        Path assets = kubeAssets("1.31.2");

        Result result = run(Map.of("KUBEBUILDER_ASSETS", assets.toString()), "scripts/kube-binaries.sh");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("using prebuilt kube-apiserver 1.31.2 and etcd 3.5.16 from "
                + "KUBEBUILDER_ASSETS (" + assets + ")").contains("(nothing built)").doesNotContain("building");
        Path installed = cachedVersion("1.31.2");
        for (String tool : List.of("kube-apiserver", "etcd", "kubectl")) {
            assertThat(Files.readSymbolicLink(installed.resolve(tool))).isEqualTo(assets.resolve(tool));
        }
    }

    @Test
    void prebuiltBinariesOnThePathAreUsedWithThePathsKubectl() throws Exception {
        Path assets = kubeAssets("1.32.0");
        for (String tool : List.of("kube-apiserver", "etcd", "kubectl")) {
            Files.createSymbolicLink(bin.resolve(tool), assets.resolve(tool));
        }

        Result result = run(Map.of(), "scripts/kube-binaries.sh");

        assertThat(result.output()).contains("using prebuilt kube-apiserver 1.32.0 and etcd 3.5.16 from the PATH");
        assertThat(Files.readSymbolicLink(cachedVersion("1.32.0").resolve("kube-apiserver")))
                .isEqualTo(bin.resolve("kube-apiserver"));
    }

    @Test
    void aSetAlreadyInTheKubeApiTestCacheIsUsedAsItIs() throws Exception {
        String arch = "aarch64".equals(System.getProperty("os.arch")) ? "arm64" : System.getProperty("os.arch");
        Path cached = Files.createDirectories(home.resolve(".kubeapitest/k8s/1.33.1-linux-" + arch));
        for (String tool : List.of("kube-apiserver", "etcd", "kubectl")) {
            executable(cached.resolve(tool), "exit 0");
        }

        Result result = run(Map.of("KUBEBUILDER_ASSETS", kubeAssets("1.31.2").toString()), "scripts/kube-binaries.sh");

        assertThat(result).isEqualTo(new Result(0,
                "kube binaries: using the kube-api-test cache, " + cached + " (nothing built)\n"));
    }

    @Test
    void tooOldAPrebuiltSetIsSkippedAndBuildingFromSourceNeedsGo() throws Exception {
        Map<String, String> env = Map.of("KUBEBUILDER_ASSETS", kubeAssets("1.28.4").toString());

        Result result = run(env, "scripts/kube-binaries.sh");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("ignoring kube-apiserver 1.28.4 from KUBEBUILDER_ASSETS")
                .contains("older than 1.30.0").contains("go is required to build them");
        assertThat(run(env, "scripts/kube-binaries.sh", "--check").exitCode()).isEqualTo(1);
        assertThat(home.resolve(".kubeapitest")).doesNotExist();
    }

    @Test
    void withoutPrebuiltBinariesTheDemoRunsK3sWhereDockerAnswersAndBuildsNothing() throws Exception {
        stub("docker", "[ \"$1\" = info ]");

        Result result = run(Map.of(), "scripts/kube-binaries.sh", "--or-k3s");

        assertThat(result).isEqualTo(new Result(0, "kube binaries: no prebuilt kube-apiserver and etcd found; Docker "
                + "answers, so the demo runs k3s through Testcontainers (nothing built)\n"));
        assertThat(home.resolve(".kubeapitest")).doesNotExist();
        assertThat(run(Map.of(), "scripts/kube-binaries.sh").output()).as("the tests still need the binaries")
                .contains("go is required to build them");
    }

    @Test
    void withoutDockerTheDemoBuildsTheBinariesLikeTheTests() throws Exception {
        stub("docker", "echo 'Cannot connect to the Docker daemon' >&2; exit 1");

        assertThat(run(Map.of(), "scripts/kube-binaries.sh", "--or-k3s").output())
                .contains("go is required to build them");
    }

    @Test
    void theDemoNeedsNoGoWhereDockerAnswersButTheTestsDo() throws Exception {
        allToolsOfMakeTest();
        Files.delete(bin.resolve("go"));
        stub("docker", "[ \"$1\" = info ]");

        assertThat(check("demo")).isEqualTo(new Result(0, ""));
        assertThat(check("test").output()).contains("go 1.24+: not found");
    }

    /** Stubs of every tool `make test` needs, as a fresh machine would have them: no Maven for ./mvnw yet. */
    private void allToolsOfMakeTest() throws IOException {
        stub("java", "echo 'openjdk version \"17.0.9\" 2023-10-17' >&2");
        stub("mvn", "exit 0");
        stub("unzip", "exit 0");
        stub("go", "echo go1.24.4");
        stub("python3", "exit 0");
        stub("kubectl", "exit 0");
    }

    /** A KUBEBUILDER_ASSETS directory, as setup-envtest lays it out, with binaries that only print versions. */
    private Path kubeAssets(String version) throws IOException {
        Path assets = Files.createDirectories(tmp.resolve("assets-" + version));
        executable(assets.resolve("kube-apiserver"), "echo 'Kubernetes v" + version + "'");
        executable(assets.resolve("etcd"), "echo 'etcd Version: 3.5.16'; echo 'Git SHA: GitNotFound'");
        executable(assets.resolve("kubectl"), "exit 0");
        return assets;
    }

    private Path cachedVersion(String version) throws IOException {
        try (Stream<Path> dirs = Files.list(home.resolve(".kubeapitest/k8s"))) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(version + "-linux-")).findFirst()
                    .orElseThrow();
        }
    }

    private Result check(String target) throws Exception {
        return run(Map.of(), "scripts/check-prerequisites.sh", target);
    }

    private Result run(Map<String, String> extraEnv, String script, String... args) throws Exception {
        List<String> command = Stream.concat(Stream.of(bin.resolve("bash").toString(), script), Stream.of(args))
                .toList();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(Map.of("PATH", bin.toString(), "HOME", home.toString()));
        builder.environment().putAll(extraEnv);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finished", script).isTrue();
        return new Result(process.exitValue(), output);
    }

    private void stub(String tool, String body) throws IOException {
        executable(bin.resolve(tool), body);
    }

    private static void executable(Path file, String body) throws IOException {
        Files.deleteIfExists(file);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Path onRealPath(String tool) {
        return Stream.of(System.getenv("PATH").split(":")).map(d -> Path.of(d, tool)).filter(Files::isExecutable)
                .findFirst().orElseThrow(() -> new IllegalStateException(tool + " not on the PATH"));
    }
}
