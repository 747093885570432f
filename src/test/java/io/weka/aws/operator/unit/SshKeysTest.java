package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.weka.aws.operator.resources.ec2.SshKeys;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated SSH key in the formats its users handle: an OpenSSH public key line and a PEM ssh reads. */
class SshKeysTest {
    private static final SshKeys.Generated KEY = SshKeys.generate();

    @Test
    void thePublicHalfIsOneOpenSshLineAndThePrivateHalfAPkcs1Pem() {
        assertThat(KEY.publicOpenSsh()).matches("ssh-rsa AAAAB3NzaC1yc2E[A-Za-z0-9+/]+=*");
        String pem = KEY.privatePem();
        assertThat(pem.startsWith("-----BEGIN RSA PRIVATE KEY-----\n")).as("PKCS#1 armour").isTrue();
        assertThat(pem.endsWith("\n-----END RSA PRIVATE KEY-----\n")).as("PKCS#1 armour").isTrue();
        assertThat(pem.lines().skip(1).limit(pem.lines().count() - 3).allMatch(l -> l.length() == 64))
                .as("base64 in lines of 64").isTrue();
    }

    /** What `ssh -i` does with the Secret's key: ssh-keygen derives the public half from it. */
    @Test
    void sshReadsThePrivateKeyAndDerivesThePublishedPublicKey(@TempDir Path dir) throws Exception {
        Optional<Path> sshKeygen = Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .map(p -> Path.of(p, "ssh-keygen")).filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(sshKeygen.isPresent(), "OpenSSH's ssh-keygen is not on the PATH");
        Path key = dir.resolve("id_rsa");
        Files.writeString(key, KEY.privatePem());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));

        assertThat(run(sshKeygen.get().toString(), "-y", "-f", key.toString())).isEqualTo(KEY.publicOpenSsh());
    }

    @Test
    void itsTextFormNeverShowsThePrivateHalf() {
        assertThat(KEY.toString()).doesNotContain("PRIVATE").doesNotContain(KEY.privatePem().substring(32, 96));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.exitValue()).as("%s: %s", command[0], output).isZero();
        return output;
    }
}
