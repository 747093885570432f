package io.weka.aws.operator.integration.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.ec2.KeyPairResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's Secrets permissions are exactly what its code uses: with only the ClusterRole of deploy/rbac.yaml
 * (which DeployManifestsTest keeps equal to the chart's), as the operator's ServiceAccount, the generated SSH key's
 * Secret is created, read and deleted with its cluster, and Secrets can be neither listed, watched nor patched.
 */
class OperatorSecretsRbacTest {
    private final AwsClientFactory aws = new AwsClientFactory(new SimpleMeterRegistry());
    private final KeyPairResource keyPair = new KeyPairResource();
    private String namespace;
    private KubernetesClient operatorAccount;

    @BeforeEach
    void operatorAccountWithTheShippedClusterRole() throws IOException {
        LocalAws.reset();
        namespace = LocalKubernetes.newNamespace("rbac");
        KubernetesClient admin = LocalKubernetes.client();
        ClusterRole role;
        try (InputStream manifests = new FileInputStream("deploy/rbac.yaml")) {
            role = admin.load(manifests).items().stream().filter(ClusterRole.class::isInstance)
                    .map(ClusterRole.class::cast).findFirst().orElseThrow();
        }
        role.getMetadata().setName("weka-aws-operator-" + namespace);
        admin.resource(role).create();
        String user = "system:serviceaccount:" + namespace + ":weka-aws-operator";
        admin.resource(new ClusterRoleBindingBuilder().withNewMetadata().withName(role.getMetadata().getName())
                .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role.getMetadata().getName())
                .addNewSubject().withKind("User").withName(user).withApiGroup("rbac.authorization.k8s.io").endSubject()
                .build()).create();
        operatorAccount = new KubernetesClientBuilder().withConfig(new ConfigBuilder(admin.getConfiguration())
                .withImpersonateUsername(user).withImpersonateGroups("system:authenticated").build()).build();
    }

    @AfterEach
    void close() {
        operatorAccount.close();
        aws.close();
        LocalKubernetes.client().rbac().clusterRoleBindings().withName("weka-aws-operator-" + namespace).delete();
        LocalKubernetes.client().rbac().clusterRoles().withName("weka-aws-operator-" + namespace).delete();
    }

    @Test
    void theGeneratedKeysSecretIsCreatedReadAndDeletedWithOnlyTheShippedRole() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC);

        keyPair.converge(context(cluster));
        keyPair.converge(context(cluster));
        assertThat(secretExists()).isTrue();
        cluster.getMetadata().setDeletionTimestamp(Instant.now().toString());
        keyPair.delete(context(cluster));

        assertThat(secretExists()).isFalse();
    }

    /** Update is granted for the CSI plugin's Secret, which CsiApiSecret rewrites as a whole (never patched). */
    @Test
    void secretsCanBeNeitherListedNorWatchedNorPatched() {
        LocalKubernetes.client().secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata()
                .withName("users").endMetadata().addToStringData("k", "v").build()).create();
        var secrets = operatorAccount.secrets().inNamespace(namespace);

        assertThat(secrets.withName("users").get()).isNotNull();
        assertForbidden(() -> secrets.list());
        assertForbidden(() -> secrets.watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Secret resource) {
                // Never reached: the watch is refused.
            }

            @Override
            public void onClose(WatcherException cause) {
                // Never reached: the watch is refused.
            }
        }).close());
        assertForbidden(() -> secrets.withName("users").patch("{\"metadata\":{\"labels\":{\"changed\":\"true\"}}}"));
        Secret changed = secrets.withName("users").get();
        changed.getMetadata().setLabels(Map.of("changed", "true"));
        assertThat(secrets.resource(changed).update().getMetadata().getLabels())
                .as("update, as for the CSI plugin's Secret").containsEntry("changed", "true");
    }

    private ClusterContext context(WekaCluster cluster) {
        ClusterContext emulated = TestClusters.context(cluster, aws);
        return new ClusterContext(cluster, emulated.aws(), operatorAccount);
    }

    private boolean secretExists() {
        return LocalKubernetes.client().secrets().inNamespace(namespace).withName("prod-ssh-key").get() != null;
    }

    private static void assertForbidden(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(KubernetesClientException.class,
                e -> assertThat(e.getCode()).isEqualTo(403));
    }
}
