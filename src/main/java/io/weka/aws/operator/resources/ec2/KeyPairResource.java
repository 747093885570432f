package io.weka.aws.operator.resources.ec2;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.api.v1alpha1.spec.SshKeySpec;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.ResourceConflictException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The instances' key pair {@code <ec2 prefix>-<cluster>-ssh-key}: the spec's existing key pair, the spec's public key
 * imported, or a generated RSA-4096 key whose private half is kept in a Secret labelled with the WekaCluster's UID. The
 * Secret is written before the key pair is imported, so that no key pair exists whose private half was never kept. It
 * has no owner reference on purpose: garbage collection (a foreground deletion, as Argo CD makes) would take it while
 * a WekaCluster deleted with deletionPolicy Retain leaves the key pair and the instances that accept the key in AWS.
 */
public final class KeyPairResource implements AwsResource {
    public static final String PRIVATE_KEY = "ssh-privatekey";
    public static final String PUBLIC_KEY = "ssh-publickey";
    /** The label that says which WekaCluster a generated key's Secret belongs to. */
    public static final String CLUSTER_UID_LABEL = WekaCluster.GROUP + "/cluster-uid";

    @Override
    public String kind() {
        return "KeyPair";
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(Facts.KEY_PAIR_NAME);
    }

    @Override
    public boolean wanted(WekaClusterSpec spec) {
        return spec.sshKey.enabled;
    }

    /** The Secret holding a generated private key (status.outputs.sshKeySecret); empty when none is generated. */
    public static Optional<String> sshKeySecretName(WekaCluster cluster) {
        SshKeySpec ssh = cluster.getSpec().sshKey;
        boolean generated = ssh == null || (!Boolean.FALSE.equals(ssh.enabled) && ssh.keyPairName == null
                && ssh.publicKey == null);
        return generated ? Optional.of(keptKeySecret(cluster)) : Optional.empty();
    }

    private static String keptKeySecret(WekaCluster cluster) {
        return cluster.getMetadata().getName() + "-ssh-key";
    }

    record Desired(String name, Map<String, String> tags) {
    }

    static Desired desired(ClusterContext context) {
        return new Desired(context.names().keyPair(), context.tags().common());
    }

    /** The owned field: the key itself (comments aside). */
    static boolean matches(KeyPairInfo actual, String publicKey) {
        return actual.publicKey() == null || SshKeys.sameKey(actual.publicKey(), publicKey);
    }

    @Override
    public void converge(ClusterContext context) {
        SshKeySpec ssh = context.spec().sshKey;
        if (ssh.keyPairName != null) {
            context.publish(Facts.KEY_PAIR_NAME, ssh.keyPairName);
            return;
        }
        Ec2Client ec2 = context.aws().ec2();
        Desired desired = desired(context);
        Optional<KeyPairInfo> actual = ec2.describeKeyPairs(r -> r.includePublicKey(true)
                .filters(f -> f.name("key-name").values(desired.name()))).keyPairs().stream().findFirst();
        actual.ifPresent(k -> Ec2Tags.requireOwned(context, Ec2Tags.map(k.tags()), "key pair " + desired.name()));
        String publicKey;
        String replacement;
        if (ssh.publicKey != null) {
            publicKey = ssh.publicKey;
            replacement = "replaced by sshKey.publicKey";
        } else {
            String secret = sshKeySecretName(context.cluster()).orElseThrow();
            Optional<String> kept = keptPublicKey(context, secret);
            publicKey = kept.orElseGet(() -> generateIntoSecret(context, secret, desired.name()));
            replacement = kept.isPresent() ? "replaced by the key in Secret " + secret
                    : "its private key was not kept (no Secret " + secret + "): replaced by a new key";
        }
        if (actual.isEmpty()) {
            importKey(context.aws().sentOnce().ec2(), desired, publicKey);
            context.created(kind(), desired.name());
        } else if (!matches(actual.get(), publicKey)) {
            ec2.deleteKeyPair(r -> r.keyName(desired.name()));
            importKey(context.aws().sentOnce().ec2(), desired, publicKey);
            context.updated(kind(), desired.name(), replacement + "; running instances keep the key they booted with");
        } else {
            Ec2Tags.converge(context, actual.get().keyPairId(), Ec2Tags.map(actual.get().tags()), desired.tags(),
                    kind(), desired.name());
        }
        context.publish(Facts.KEY_PAIR_NAME, desired.name());
        context.owns(kind(), desired.name(), actual.map(KeyPairInfo::keyPairId).orElse(null));
    }

    /** On a client that never sends it again blindly: a second import of the name is refused as a duplicate. */
    private static void importKey(Ec2Client ec2, Desired desired, String publicKey) {
        ec2.importKeyPair(r -> r.keyName(desired.name()).publicKeyMaterial(SdkBytes.fromUtf8String(publicKey))
                .tagSpecifications(Ec2Tags.spec(ResourceType.KEY_PAIR, desired.tags())));
    }

    /** The public half in this cluster's Secret, if there is one; a namesake Secret of someone else is refused. */
    private static Optional<String> keptPublicKey(ClusterContext context, String name) {
        String namespace = context.cluster().getMetadata().getNamespace();
        Secret secret = context.kubernetes().secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            return Optional.empty();
        }
        if (!ours(context, secret)) {
            throw new ResourceConflictException("Secret " + namespace + "/" + name
                    + " exists but is not this WekaCluster's; it will not be used for the generated SSH key");
        }
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        if (data.get(PUBLIC_KEY) == null || data.get(PRIVATE_KEY) == null) {
            throw new ResourceConflictException("Secret " + namespace + "/" + name + " lacks " + PUBLIC_KEY + " or "
                    + PRIVATE_KEY + ": delete it to have a new key generated");
        }
        return Optional.of(new String(Base64.getDecoder().decode(data.get(PUBLIC_KEY)), StandardCharsets.UTF_8));
    }

    private static boolean ours(ClusterContext context, Secret secret) {
        return context.tags().uid().equals(secret.getMetadata().getLabels() == null ? null
                : secret.getMetadata().getLabels().get(CLUSTER_UID_LABEL));
    }

    /** Generates a key and keeps it in a new Secret labelled with the WekaCluster's UID; returns the public half. */
    private String generateIntoSecret(ClusterContext context, String name, String keyPairName) {
        WekaCluster cluster = context.cluster();
        SshKeys.Generated key = SshKeys.generate();
        Secret secret = new SecretBuilder().withNewMetadata().withName(name)
                .withNamespace(cluster.getMetadata().getNamespace())
                .addToLabels("app.kubernetes.io/managed-by", "weka-aws-operator")
                .addToLabels(CLUSTER_UID_LABEL, cluster.getMetadata().getUid())
                .addToAnnotations(WekaCluster.GROUP + "/key-pair", keyPairName).endMetadata()
                .withType("kubernetes.io/ssh-auth")
                .addToData(PRIVATE_KEY, base64(key.privatePem()))
                .addToData(PUBLIC_KEY, base64(key.publicOpenSsh()))
                .build();
        context.kubernetes().secrets().inNamespace(cluster.getMetadata().getNamespace()).resource(secret).create();
        context.created("Secret", cluster.getMetadata().getNamespace() + "/" + name);
        return key.publicOpenSsh();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Deletes the key pair. The Secret with its private key goes only with the cluster: when the key is merely turned
     * off, instances that booted with it still accept it.
     */
    @Override
    public Removal delete(ClusterContext context) {
        Ec2Client ec2 = context.aws().ec2();
        String name = context.names().keyPair();
        boolean ours = ec2.describeKeyPairs(r -> r.filters(f -> f.name("key-name").values(name))).keyPairs().stream()
                .anyMatch(k -> Ec2Tags.owned(context, k.tags()));
        if (ours) {
            ec2.deleteKeyPair(r -> r.keyName(name));
            context.deleted(kind(), name);
        }
        if (context.cluster().isMarkedForDeletion()) {
            deleteKeptKey(context);
        }
        return Removal.GONE;
    }

    private static void deleteKeptKey(ClusterContext context) {
        String namespace = context.cluster().getMetadata().getNamespace();
        String secretName = keptKeySecret(context.cluster());
        Secret secret = context.kubernetes().secrets().inNamespace(namespace).withName(secretName).get();
        if (secret != null && ours(context, secret)) {
            context.kubernetes().secrets().inNamespace(namespace).withName(secretName).delete();
            context.deleted("Secret", namespace + "/" + secretName);
        }
    }
}
