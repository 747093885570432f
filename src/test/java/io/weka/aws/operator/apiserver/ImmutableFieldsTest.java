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
import io.weka.aws.operator.api.v1alpha1.spec.BackendsSpec;
import io.weka.aws.operator.api.v1alpha1.spec.ContainerLayoutSpec;
import io.weka.aws.operator.api.v1alpha1.spec.CustomPrefixSpec;
import io.weka.aws.operator.api.v1alpha1.spec.DeletionPolicy;
import io.weka.aws.operator.api.v1alpha1.spec.LoadBalancerSpec;
import io.weka.aws.operator.api.v1alpha1.spec.NetworkSpec;
import io.weka.aws.operator.api.v1alpha1.spec.SecretKeyRef;
import io.weka.aws.operator.api.v1alpha1.spec.TieringSpec;
import io.weka.aws.operator.api.v1alpha1.spec.WekaSoftwareSpec;
import io.weka.aws.operator.testenv.LocalKubernetes;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every AWS resource name is derived from region, prefix, customPrefix and clusterName, so changing one of them
 * on a live cluster would orphan its resources; what AWS cannot change in place (the network, the state table) or
 * WEKA takes only when it clusterizes (release, backend type and layout, data protection) is fixed too. The API
 * server must refuse such updates, with a message that says what to do instead. Each test stores a real
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

    /**
     * A field that must not change once the cluster exists: set up as {@code created} says, then changed by
     * {@code change}, refused at {@code field} with a message that says what to do instead.
     */
    record Immutable(String name, Consumer<WekaClusterSpec> created, Consumer<WekaClusterSpec> change, String field,
            String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Immutable> immutableFields() {
        Consumer<WekaClusterSpec> defaults = spec -> { };
        Consumer<WekaClusterSpec> existingSubnet = spec -> {
            spec.network = new NetworkSpec();
            spec.network.subnetId = "subnet-0123456789abcdef0";
            spec.loadBalancer = new LoadBalancerSpec();
            spec.loadBalancer.enabled = false;
        };
        Consumer<WekaClusterSpec> tieringOn = spec -> {
            spec.tiering = new TieringSpec();
            spec.tiering.enabled = true;
            spec.tiering.bucket = "weka-tiering-prod";
        };
        return Stream.of(
                new Immutable("network.subnetId", existingSubnet,
                        spec -> spec.network.subnetId = "subnet-0fedcba9876543210", "spec.network.subnetId",
                        "network.subnetId is immutable: the cluster's instances, load balancer and endpoints live in "
                                + "its subnet; create a new WekaCluster to use another network"),
                new Immutable("network.subnetId instead of a created network", defaults,
                        spec -> {
                            spec.network.subnetId = "subnet-0123456789abcdef0";
                            spec.network.create = null;
                        }, "spec.network.subnetId", "network.subnetId is immutable"),
                new Immutable("network.create.vpcCidr", spec -> {
                    spec.network = new NetworkSpec();
                    spec.network.create = new NetworkSpec.CreateNetworkSpec();
                }, spec -> spec.network.create.vpcCidr = "10.1.0.0/16", "spec.network.create",
                        "network.create is immutable: AWS cannot change a created VPC or subnet in place"),
                new Immutable("loadBalancer.additionalSubnetCidr", defaults,
                        spec -> spec.loadBalancer.additionalSubnetCidr = "10.0.4.0/24",
                        "spec.loadBalancer.additionalSubnetCidr", "loadBalancer.additionalSubnetCidr is immutable: AWS "
                                + "cannot change a created subnet; create a new WekaCluster to use another network "
                                + "(was \"10.0.3.0/24\", now \"10.0.4.0/24\")"),
                new Immutable("loadBalancer.additionalSubnetAvailabilityZone", defaults,
                        spec -> spec.loadBalancer.additionalSubnetAvailabilityZone = "us-east-1b",
                        "spec.loadBalancer.additionalSubnetAvailabilityZone",
                        "loadBalancer.additionalSubnetAvailabilityZone is immutable"),
                new Immutable("stateTable.name", defaults, spec -> spec.stateTable.name = "weka-state",
                        "spec.stateTable.name", "stateTable.name is immutable: WEKA's functions keep the cluster's "
                                + "state in that table; create a new WekaCluster to use another one"),
                new Immutable("stateTable.hashKey", defaults, spec -> spec.stateTable.hashKey = "Id",
                        "spec.stateTable.hashKey", "stateTable.hashKey is immutable: the state table was created with "
                                + "it (was \"Key\", now \"Id\")"),
                new Immutable("tiering.bucket while tiering", tieringOn,
                        spec -> spec.tiering.bucket = "weka-tiering-other", "spec.tiering.bucket",
                        "tiering.bucket cannot change while tiering is enabled: the filesystem's data is tiered to "
                                + "the bucket WEKA was given; create a new WekaCluster to tier to another bucket"),
                new Immutable("weka.version", defaults, spec -> spec.weka.version = "4.4.11", "spec.weka.version",
                        "weka.version cannot change on a running cluster: it is the release WEKA is clusterized with, "
                                + "and backends that join later install the release the cluster runs; upgrade with "
                                + "WEKA's own upgrade procedure"),
                new Immutable("weka.installUrl", spec -> {
                    spec.weka.version = null;
                    spec.weka.tokenSecretRef = null;
                    spec.weka.installUrl = "https://example.com/weka-4.4.10.tar";
                }, spec -> spec.weka.installUrl = "https://example.com/weka-4.4.11.tar", "spec.weka.installUrl",
                        "weka.installUrl cannot change on a running cluster"),
                new Immutable("backends.instanceType", defaults, spec -> spec.backends.instanceType = "i3en.6xlarge",
                        "spec.backends.instanceType", "backends.instanceType cannot change on a running cluster: "
                                + "it applies to every backend and backends that join later must match the ones "
                                + "running; for other backends create a new WekaCluster and move the data "
                                + "(was \"i3en.2xlarge\", now \"i3en.6xlarge\")"),
                new Immutable("backends.containerLayout", defaults, spec -> {
                    spec.backends.containerLayout = new ContainerLayoutSpec();
                    spec.backends.containerLayout.compute = 1;
                    spec.backends.containerLayout.drive = 1;
                    spec.backends.containerLayout.frontend = 1;
                    spec.backends.containerLayout.nvme = 2;
                    spec.backends.containerLayout.nics = 4;
                    spec.backends.containerLayout.computeMemoryGB = 30.0;
                    spec.backends.containerLayout.computeMemoryWithFrontendGB = 28.0;
                }, "spec.backends.containerLayout", "backends.containerLayout cannot change on a running cluster"),
                new Immutable("backends.dpdk", defaults, spec -> spec.backends.dpdk = false, "spec.backends.dpdk",
                        "backends.dpdk cannot change on a running cluster"),
                new Immutable("backends.dedicatedFrontendContainer", defaults,
                        spec -> spec.backends.dedicatedFrontendContainer = true,
                        "spec.backends.dedicatedFrontendContainer",
                        "backends.dedicatedFrontendContainer cannot change on a running cluster"),
                new Immutable("backends.protectionLevel", spec -> spec.backends = backends(10),
                        spec -> spec.backends.protectionLevel = 4, "spec.backends.protectionLevel",
                        "backends.protectionLevel cannot change on a running cluster: WEKA takes it when it creates "
                                + "the cluster, so a change here would never reach it; change it with WEKA's own tools"),
                new Immutable("backends.stripeWidth", defaults, spec -> spec.backends.stripeWidth = 3,
                        "spec.backends.stripeWidth", "backends.stripeWidth cannot change on a running cluster"),
                new Immutable("backends.hotspare", defaults, spec -> spec.backends.hotspare = 2,
                        "spec.backends.hotspare", "backends.hotspare cannot change on a running cluster"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("immutableFields")
    void fieldCannotChangeOnceCreated(Immutable field) {
        WekaCluster cluster = cluster(null);
        field.created().accept(cluster.getSpec());
        WekaCluster stored = create(cluster);

        assertRefused(stored, field.change(), field.field(), field.message());
    }

    @Test
    void tieringBucketCanBeChosenWhenTieringIsTurnedOn() {
        // The bucket is fixed only while tiering is on: turning tiering on (or off) may name it.
        WekaCluster stored = create(cluster(null));

        WekaCluster updated = update(stored, spec -> {
            spec.tiering.enabled = true;
            spec.tiering.bucket = "weka-tiering-prod";
        });

        assertThat(updated.getSpec().tiering.bucket).isEqualTo("weka-tiering-prod");
    }

    @Test
    void scalingAndOtherDayTwoChangesStayPossible() {
        // What the operator converges on a running cluster: counts, clients, tags, deletion policy.
        WekaCluster stored = create(cluster(null));

        WekaCluster updated = update(stored, spec -> {
            spec.backends.count = 9;
            spec.clients.count = 2;
            spec.clients.instanceType = "c5n.9xlarge";
            spec.tags = Map.of("team", "storage");
            spec.deletionPolicy = DeletionPolicy.Retain;
        });

        assertThat(updated.getSpec().backends.count).isEqualTo(9);
        assertThat(updated.getSpec().clients.instanceType).isEqualTo("c5n.9xlarge");
    }

    private static BackendsSpec backends(int count) {
        BackendsSpec backends = new BackendsSpec();
        backends.count = count;
        return backends;
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
