package io.weka.aws.operator.integration.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.ResourceConflictException;
import io.weka.aws.operator.resources.ec2.KeyPairResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Key material is compared, never printed: assertions on private keys are yes/no. */
class KeyPairResourceTest {
    private static final String IMPORTED = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJiY5ZcJ3iqd+V7g9UtZpqoNhovNXqO49M4BzTKY67a1"
            + " ops@example";
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private final KeyPairResource resource = new KeyPairResource();
    private String namespace;

    @BeforeEach
    void emptyAccount() {
        LocalAws.reset();
        namespace = LocalKubernetes.newNamespace("kp");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void aGeneratedKeysPrivateHalfIsKeptInASecretLabelledWithTheCluster() throws Exception {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);

        resource.converge(context);

        assertThat(KeyPairResource.sshKeySecretName(cluster)).contains("prod-ssh-key");
        Secret secret = secret("prod-ssh-key");
        assertThat(secret.getType()).isEqualTo("kubernetes.io/ssh-auth");
        assertThat(secret.getMetadata().getLabels())
                .containsEntry(KeyPairResource.CLUSTER_UID_LABEL, cluster.getMetadata().getUid());
        assertThat(secret.getMetadata().getOwnerReferences())
                .as("no garbage collection with the WekaCluster: Retain keeps the key with the instances").isEmpty();
        String pem = decoded(secret, KeyPairResource.PRIVATE_KEY);
        String publicKey = decoded(secret, KeyPairResource.PUBLIC_KEY);
        assertThat(pem.startsWith("-----BEGIN RSA PRIVATE KEY-----\n")).as("a PKCS#1 PEM").isTrue();
        assertThat(publicKey).startsWith("ssh-rsa ");
        RSAPrivateCrtKey privateKey = parsePkcs1(pem);
        assertThat(privateKey.getModulus().bitLength() == 4096).as("an RSA-4096 key").isTrue();
        assertThat(openSsh(privateKey)).as("the public key derived from the private one").isEqualTo(publicKey);

        KeyPairInfo keyPair = keyPair(context);
        assertThat(keyPart(keyPair.publicKey())).isEqualTo(publicKey);
        assertThat(tags(keyPair.tags())).containsEntry("weka.io/cluster-uid", cluster.getMetadata().getUid())
                .containsEntry("aws-apn-id", "pc:epkj0ftddjwa38m3oq9umjjlm");
        assertThat(context.require(Facts.KEY_PAIR_NAME)).isEqualTo("weka-prod-ssh-key");
        assertThat(context.changes()).extracting(ClusterContext.Change::kind).containsExactly("Secret", "KeyPair");
        assertThat(context.changes().toString().contains("PRIVATE")).as("no key material in changes").isFalse();
    }

    @Test
    void aSecondConvergeChangesNothing() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC);
        resource.converge(TestClusters.context(cluster, aws));
        String version = secret("prod-ssh-key").getMetadata().getResourceVersion();
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);

        ClusterContext second = TestClusters.context(cluster, aws);
        resource.converge(second);

        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(second.changes()).isEmpty();
        assertThat(secret("prod-ssh-key").getMetadata().getResourceVersion()).isEqualTo(version);
    }

    @Test
    void aKeyPairWhosePrivateHalfWasLostIsReplacedAndSaid() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC);
        ClusterContext first = TestClusters.context(cluster, aws);
        resource.converge(first);
        String lost = keyPair(first).publicKey();
        LocalKubernetes.client().secrets().inNamespace(namespace).withName("prod-ssh-key").delete();
        awaitGone("prod-ssh-key");

        ClusterContext second = TestClusters.context(cluster, aws);
        resource.converge(second);

        String kept = decoded(secret("prod-ssh-key"), KeyPairResource.PUBLIC_KEY);
        assertThat(keyPart(keyPair(second).publicKey())).isEqualTo(kept).isNotEqualTo(keyPart(lost));
        assertThat(second.changes()).extracting(ClusterContext.Change::action, ClusterContext.Change::kind)
                .containsExactly(tuple("Created", "Secret"),
                        tuple("Updated", "KeyPair"));
        assertThat(second.changes().get(1).detail()).contains("private key was not kept").contains("prod-ssh-key");
    }

    @Test
    void aKeyPairCreatedWhileTheSecretWasWrittenButNotImportedIsImportedFromIt() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC);
        ClusterContext first = TestClusters.context(cluster, aws);
        resource.converge(first);
        String kept = decoded(secret("prod-ssh-key"), KeyPairResource.PUBLIC_KEY);
        first.aws().ec2().deleteKeyPair(r -> r.keyName("weka-prod-ssh-key"));

        ClusterContext second = TestClusters.context(cluster, aws);
        resource.converge(second);

        assertThat(keyPart(keyPair(second).publicKey())).isEqualTo(kept);
        assertThat(second.changes()).extracting(ClusterContext.Change::action).containsExactly("Created");
    }

    @Test
    void aGivenPublicKeyIsImportedAndNoSecretIsWritten() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC + """
                sshKey: {publicKey: "%s"}
                """.formatted(IMPORTED));
        ClusterContext context = TestClusters.context(cluster, aws);

        resource.converge(context);

        assertThat(keyPart(keyPair(context).publicKey())).isEqualTo(keyPart(IMPORTED));
        assertThat(KeyPairResource.sshKeySecretName(cluster)).isEmpty();
        assertThat(LocalKubernetes.client().secrets().inNamespace(namespace).withName("prod-ssh-key").get()).isNull();
        assertThat(context.require(Facts.KEY_PAIR_NAME)).isEqualTo("weka-prod-ssh-key");
    }

    @Test
    void aChangedPublicKeyReplacesTheKeyPair() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC);
        resource.converge(TestClusters.context(cluster, aws));
        cluster.getSpec().sshKey.publicKey = IMPORTED;

        ClusterContext second = TestClusters.context(cluster, aws);
        resource.converge(second);

        assertThat(keyPart(keyPair(second).publicKey())).isEqualTo(keyPart(IMPORTED));
        assertThat(second.changes()).singleElement().satisfies(c -> assertThat(c.detail())
                .contains("replaced by sshKey.publicKey"));
    }

    @Test
    void aNamedKeyPairIsPublishedAndNothingIsCreated() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC + """
                sshKey: {keyPairName: my-key}
                """);
        ClusterContext context = TestClusters.context(cluster, aws);

        resource.converge(context);

        assertThat(context.require(Facts.KEY_PAIR_NAME)).isEqualTo("my-key");
        assertThat(context.aws().ec2().describeKeyPairs().keyPairs()).isEmpty();
        assertThat(KeyPairResource.sshKeySecretName(cluster)).isEmpty();
        assertThat(context.changes()).isEmpty();
    }

    @Test
    void isNotWantedWhenKeyPairsAreOff() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC + "sshKey: {enabled: false}\n");

        assertThat(resource.wanted(cluster.getSpec())).isFalse();
        assertThat(KeyPairResource.sshKeySecretName(cluster)).isEmpty();
    }

    @Test
    void aNamesakeSecretOfSomeoneElseIsNotUsed() {
        LocalKubernetes.client().secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata()
                .withName("prod-ssh-key").endMetadata().addToStringData("note", "not a key").build()).create();
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);

        assertThatThrownBy(() -> resource.converge(context)).isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining("is not this WekaCluster's");
        assertThat(context.aws().ec2().describeKeyPairs().keyPairs()).isEmpty();
    }

    @Test
    void aNamesakeKeyPairOfAnotherClusterIsNotTakenOver() {
        resource.converge(TestClusters.context(TestClusters.stored(LocalKubernetes.newNamespace("other"), "prod",
                BackendFixtures.SPEC), aws));
        ClusterContext context = TestClusters.context(TestClusters.stored(namespace, "prod", BackendFixtures.SPEC), aws);

        assertThatThrownBy(() -> resource.converge(context)).isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining("belongs to other-");
        assertThat(LocalKubernetes.client().secrets().inNamespace(namespace).withName("prod-ssh-key").get()).isNull();
    }

    private Secret secret(String name) {
        return LocalKubernetes.client().secrets().inNamespace(namespace).withName(name).get();
    }

    private void awaitGone(String name) {
        Awaitility.await("Secret deleted").atMost(Duration.ofSeconds(10))
                .until(() -> secret(name) == null);
    }

    private static KeyPairInfo keyPair(ClusterContext context) {
        List<KeyPairInfo> pairs = context.aws().ec2().describeKeyPairs(r -> r.includePublicKey(true)
                .filters(f -> f.name("key-name").values("weka-prod-ssh-key"))).keyPairs();
        assertThat(pairs).hasSize(1);
        return pairs.get(0);
    }

    private static String decoded(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    private static String keyPart(String openSsh) {
        String[] fields = openSsh.trim().split("\\s+");
        return fields[0] + " " + fields[1];
    }

    private static Map<String, String> tags(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    /** PKCS#1 wrapped into PKCS#8 (RFC 5208), which the JDK reads. */
    private static RSAPrivateCrtKey parsePkcs1(String pem) throws Exception {
        byte[] pkcs1 = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
            0x01, 0x05, 0x00};
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(algorithm);
        body.writeBytes(derHeader(0x04, pkcs1.length));
        body.writeBytes(pkcs1);
        ByteArrayOutputStream pkcs8 = new ByteArrayOutputStream();
        pkcs8.writeBytes(derHeader(0x30, body.size()));
        pkcs8.writeBytes(body.toByteArray());
        return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                pkcs8.toByteArray()));
    }

    private static byte[] derHeader(int tag, int length) {
        byte[] size = BigInteger.valueOf(length).toByteArray();
        int start = size[0] == 0 ? 1 : 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        out.write(0x80 | (size.length - start));
        out.write(size, start, size.length - start);
        return out.toByteArray();
    }

    private static String openSsh(RSAPrivateCrtKey key) {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        for (byte[] part : List.of("ssh-rsa".getBytes(StandardCharsets.US_ASCII), key.getPublicExponent().toByteArray(),
                key.getModulus().toByteArray())) {
            blob.writeBytes(ByteBuffer.allocate(4).putInt(part.length).array());
            blob.writeBytes(part);
        }
        return "ssh-rsa " + Base64.getEncoder().encodeToString(blob.toByteArray());
    }
}
