package io.weka.aws.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.api.v1alpha1.spec.CustomPrefixSpec;
import io.weka.aws.operator.api.v1alpha1.spec.SecretKeyRef;
import io.weka.aws.operator.api.v1alpha1.spec.WekaSoftwareSpec;
import io.weka.aws.operator.testenv.LocalKubernetes;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every AWS resource name is derived from region, prefix, customPrefix and clusterName, so changing one of them
 * on a live cluster would orphan its resources; the API server must refuse such updates. Each test stores a real
 * WekaCluster and then tries one update.
 */
class ImmutableFieldsTest {
    private static String namespace;

    @BeforeAll
    static void namespace() {
        namespace = LocalKubernetes.newNamespace("immutable");
    }

    @Test
    void mutableFieldCanBeUpdated() {
        // The control: the same update path succeeds for a field that may change, so the refusals below are the
        // immutability rules at work and not something about updating as such.
        WekaCluster stored = create(cluster(null));

        WekaCluster updated = update(stored, spec -> spec.backends.count = 8);

        assertThat(updated.getSpec().backends.count).isEqualTo(8);
        assertThat(updated.getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void regionCannotChange() {
        WekaCluster stored = create(cluster(null));

        assertRefused(stored, spec -> spec.region = "eu-west-1",
                "spec.region", "region is immutable: create a new WekaCluster to move a cluster");
    }

    @Test
    void clusterNameCannotChange() {
        WekaCluster stored = create(cluster("analytics"));

        assertRefused(stored, spec -> spec.clusterName = "analytics2",
                "spec.clusterName", "clusterName is immutable: every AWS resource name is derived from it");
    }

    @Test
    void clusterNameCannotBeAddedLater() {
        // Without clusterName the resources are named after metadata.name; adding one would rename them all.
        WekaCluster stored = create(cluster(null));

        assertRefused(stored, spec -> spec.clusterName = "analytics",
                "spec.clusterName", "clusterName is immutable: every AWS resource name is derived from it");
    }

    @Test
    void clusterNameCannotBeRemoved() {
        WekaCluster stored = create(cluster("analytics"));

        assertRefused(stored, spec -> spec.clusterName = null,
                "spec.clusterName", "clusterName is immutable: every AWS resource name is derived from it");
    }

    @Test
    void prefixCannotChange() {
        WekaCluster stored = create(cluster(null));
        assertThat(stored.getSpec().prefix).as("defaulted by the API server").isEqualTo("weka");

        assertRefused(stored, spec -> spec.prefix = "acme",
                "spec.prefix", "prefix is immutable: every AWS resource name is derived from it");
    }

    @Test
    void customPrefixCannotChange() {
        WekaCluster stored = create(cluster(null));

        assertRefused(stored, spec -> {
            spec.customPrefix = new CustomPrefixSpec();
            spec.customPrefix.lambda = "fn";
        }, "spec.customPrefix", "customPrefix is immutable: AWS resource names are derived from it");
    }

    private static void assertRefused(WekaCluster stored, Consumer<WekaClusterSpec> change, String field,
            String message) {
        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
                () -> update(stored, change));

        assertThat(refused).as("the update must be refused").isNotNull();
        assertThat(refused.getCode()).as(refused.getMessage()).isEqualTo(422);
        List<StatusCause> causes = refused.getStatus().getDetails().getCauses();
        assertThat(causes).as("causes:%n%s", causes.stream().map(c -> c.getField() + ": " + c.getMessage())
                .collect(Collectors.joining("\n"))).anySatisfy(cause -> {
                    assertThat(cause.getField()).isEqualTo(field);
                    assertThat(cause.getMessage()).contains(message);
                });
        // And nothing changed.
        assertThat(clusters().withName(stored.getMetadata().getName()).get().getMetadata().getGeneration())
                .isEqualTo(stored.getMetadata().getGeneration());
    }

    private static WekaCluster update(WekaCluster stored, Consumer<WekaClusterSpec> change) {
        // Optimistic update of the version just read, as a controller or `kubectl apply` would send it.
        WekaCluster copy = clusters().withName(stored.getMetadata().getName()).get();
        change.accept(copy.getSpec());
        return clusters().resource(copy).update();
    }

    private static WekaCluster create(WekaCluster cluster) {
        return clusters().resource(cluster).create();
    }

    private static NonNamespaceOperation<WekaCluster, KubernetesResourceList<WekaCluster>, Resource<WekaCluster>> clusters() {
        return LocalKubernetes.client().resources(WekaCluster.class).inNamespace(namespace);
    }

    private static WekaCluster cluster(String clusterName) {
        WekaCluster cluster = new WekaCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("wc-" + UUID.randomUUID().toString().substring(0, 8))
                .build());
        WekaClusterSpec spec = new WekaClusterSpec();
        spec.region = "us-east-1";
        spec.clusterName = clusterName;
        spec.weka = new WekaSoftwareSpec();
        spec.weka.version = "4.4.10";
        spec.weka.tokenSecretRef = new SecretKeyRef();
        spec.weka.tokenSecretRef.name = "get-weka-io";
        cluster.setSpec(spec);
        return cluster;
    }
}
