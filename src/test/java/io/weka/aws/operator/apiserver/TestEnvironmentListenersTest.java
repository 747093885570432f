package io.weka.aws.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * etcd (without authentication), kube-apiserver and the AWS emulator hold the tests' Secrets and AWS state: each
 * listens on loopback only, never on an address another machine can reach. Read from /proc: every listening TCP
 * socket of the processes this test JVM started.
 */
@EnabledOnOs(OS.LINUX)
class TestEnvironmentListenersTest {
    private static final String LISTEN = "0A";

    @Test
    void etcdTheApiServerAndTheEmulatorListenOnLoopbackOnly() throws IOException {
        LocalKubernetes.client();
        LocalAws.endpoint();
        Set<String> sockets = new HashSet<>();
        List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
        List<String> commands = children.stream().map(p -> p.info().command().orElse("?")).toList();
        for (ProcessHandle child : children) {
            sockets.addAll(socketInodes(child.pid()));
        }

        List<String> listeners = Stream.of("/proc/net/tcp", "/proc/net/tcp6").flatMap(TestEnvironmentListenersTest::lines)
                .map(line -> line.trim().split("\\s+"))
                .filter(fields -> fields.length > 9 && LISTEN.equals(fields[3]) && sockets.contains(fields[9]))
                .map(fields -> fields[1]).toList();

        assertThat(commands).as("the environment's processes").anyMatch(c -> c.endsWith("etcd"))
                .anyMatch(c -> c.endsWith("kube-apiserver")).anyMatch(c -> c.contains("python"));
        assertThat(listeners).as("listening sockets of %s", commands).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(address -> assertThat(isLoopback(address)).as(address + " is loopback").isTrue());
    }

    /** 0100007F:1F90 is 127.0.0.1:8080 (IPv4, little-endian); the IPv6 loopback ::1 is 0000...01000000. */
    private static boolean isLoopback(String address) {
        String host = address.substring(0, address.indexOf(':'));
        return host.length() == 8 ? host.endsWith("7F") : host.equals("00000000000000000000000001000000");
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            });
        } catch (IOException e) {
            // the process ended meanwhile
        }
        return inodes;
    }

    private static Stream<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file)).stream().skip(1);
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}
