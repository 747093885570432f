package io.weka.aws.operator.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A kube-api-test directory of its own for this test run: the cached kube-apiserver and kubectl, and an etcd that
 * listens on loopback only. kube-api-test starts etcd with {@code --listen-client-urls http://0.0.0.0:<port>} and
 * no authentication; anyone on the network could read the Secrets in it. The wrapper passes the same arguments with
 * 0.0.0.0 made 127.0.0.1; the API server is told {@code --bind-address=127.0.0.1} by {@link LocalKubernetes}.
 */
final class LoopbackKubeBinaries {
    private static final List<String> TOOLS = List.of("kube-apiserver", "etcd", "kubectl");

    private LoopbackKubeBinaries() {
    }

    /** The directory to hand kube-api-test as its test dir. */
    static Path directory() {
        Path cache = Path.of(System.getProperty("kube.api.test.dir", System.getenv().getOrDefault("KUBE_API_TEST_DIR",
                System.getProperty("user.home") + "/.kubeapitest")));
        Path binaries = newestSet(cache.resolve("k8s")).orElseThrow(() -> new IllegalStateException(
                "no kube-apiserver, etcd and kubectl in " + cache + "/k8s; run `make test-env` to provide them"));
        try {
            Path testDir = Files.createTempDirectory("kubeapitest");
            Path set = Files.createDirectories(testDir.resolve("k8s").resolve(binaries.getFileName()));
            Files.createSymbolicLink(set.resolve("kube-apiserver"), binaries.resolve("kube-apiserver").toRealPath());
            Files.createSymbolicLink(set.resolve("kubectl"), binaries.resolve("kubectl").toRealPath());
            Path etcd = set.resolve("etcd");
            Files.writeString(etcd, "#!/usr/bin/env bash\nexec '" + binaries.resolve("etcd").toRealPath()
                    + "' \"${@//0.0.0.0/127.0.0.1}\"\n");
            Files.setPosixFilePermissions(etcd, PosixFilePermissions.fromString("rwx------"));
            return testDir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> newestSet(Path k8s) {
        if (!Files.isDirectory(k8s)) {
            return Optional.empty();
        }
        try (Stream<Path> sets = Files.list(k8s)) {
            return sets.filter(set -> TOOLS.stream().allMatch(tool -> Files.isExecutable(set.resolve(tool))))
                    .max(Comparator.comparing(set -> Version.of(set.getFileName().toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "1.34.3-linux-amd64", ordered by its numbers. */
    private record Version(int major, int minor, int patch) implements Comparable<Version> {
        static Version of(String directory) {
            String[] parts = directory.split("-")[0].split("[.]");
            return new Version(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        }

        @Override
        public int compareTo(Version other) {
            return Comparator.comparingInt(Version::major).thenComparingInt(Version::minor)
                    .thenComparingInt(Version::patch).compare(this, other);
        }
    }
}
