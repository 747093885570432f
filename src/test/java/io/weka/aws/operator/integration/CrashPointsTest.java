package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.dsl.Resource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.BackendStack;
import io.weka.aws.operator.resources.ConvergenceExecutor;
import io.weka.aws.operator.resources.ConvergenceGraph;
import io.weka.aws.operator.resources.ec2.NetworkResource;
import io.weka.aws.operator.resources.s3.TieringBucketResource;
import io.weka.aws.operator.testenv.AppliedClusters;
import io.weka.aws.operator.testenv.AwsLeftovers;
import io.weka.aws.operator.testenv.InProcessOperator;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.NetworkShape;
import io.weka.aws.operator.testenv.OperatorCrash;
import io.weka.aws.operator.testenv.TestClusters;
import io.weka.aws.operator.testenv.WekaReleaseBucket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;

/**
 * Issue 15's crash points: the operator killed right after one mutating AWS call of a first create (that call takes
 * effect, nothing after it does; see {@link OperatorCrash}), then a fresh operator converges. Each run must end with
 * every resource complete and correct and exactly one of each, and a further pass must find nothing to change.
 * The created NAT network and the tiering bucket are killed after each of their calls in turn, each time from an
 * empty start; the whole minimal stack (with tiering) is killed after every mutating call in turn as a chain, each
 * fresh operator killed right after the first call it makes, until one finds nothing left to do.
 */
class CrashPointsTest {
    private static final String WEKA = "weka: {version: \"4.4.10\", tokenSecretRef: {name: t}}\n";
    private static final PublicAccessBlockConfiguration PRIVATE = PublicAccessBlockConfiguration.builder()
            .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true).build();
    /** The public network examples/minimal.yaml gets, complete. */
    private static final List<String> MINIMAL_NETWORK = List.of(
            "InternetGateway weka-igw attachedTo=[weka-vpc]",
            "RouteTable weka-igw-rt defaultRouteTo=[weka-igw(active)]",
            "Subnet weka-public-subnet-0 10.0.1.0/24 publicIps=true routedBy=[weka-igw-rt]",
            "Subnet weka-public-subnet-1 10.0.3.0/24 publicIps=true routedBy=[weka-igw-rt]",
            "Vpc weka-vpc 10.0.0.0/16 dnsSupport=true dnsHostnames=true");
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);

    @BeforeEach
    void emptyAccount() {
        LocalAws.reset();
    }

    @AfterEach
    void close() {
        OperatorCrash.restart();
        aws.close();
    }

    @Test
    void aNatNetworkKilledAfterEachOfItsCallsIsCompletedByTheNextOperator() {
        KilledCreates run = killedAfterEachCall(new NetworkResource(),
                "region: us-east-1\nnetwork: {create: {natGateway: true}}\n" + WEKA,
                cluster -> NetworkShape.of(cluster.getMetadata().getUid()));

        assertThat(run.shape()).containsExactly(
                "ElasticIp weka-nat-eip",
                "InternetGateway weka-igw attachedTo=[weka-vpc]",
                "NatGateway weka-private-nat in=weka-public-subnet-0 addresses=[weka-nat-eip]",
                "RouteTable weka-igw-rt defaultRouteTo=[weka-igw(active)]",
                "RouteTable weka-nat-rt defaultRouteTo=[weka-private-nat(active)]",
                "Subnet weka-private-subnet-0 10.0.1.0/24 publicIps=false routedBy=[weka-nat-rt]",
                "Subnet weka-private-subnet-1 10.0.3.0/24 publicIps=false routedBy=[weka-nat-rt]",
                "Subnet weka-public-subnet-0 10.0.2.0/24 publicIps=true routedBy=[weka-igw-rt]",
                "Vpc weka-vpc 10.0.0.0/16 dnsSupport=true dnsHostnames=true");
        assertThat(run.calls()).contains("Ec2:CreateVpc", "Ec2:ModifyVpcAttribute", "Ec2:AttachInternetGateway",
                "Ec2:CreateRoute", "Ec2:ModifySubnetAttribute", "Ec2:AssociateRouteTable", "Ec2:CreateNatGateway");
    }

    @Test
    void theTieringBucketKilledAfterEachOfItsCallsIsOursCompleteAndRemovable() {
        TieringBucketResource bucket = new TieringBucketResource();
        KilledCreates run = killedAfterEachCall(bucket, "region: us-east-1\ntiering: {enabled: true}\n" + WEKA,
                CrashPointsTest::bucketShape);

        assertThat(run.shape()).containsExactly("weka-<cluster>-obs publicAccessBlocked=true encryption=AES256");
        assertThat(run.calls()).startsWith("S3:CreateBucket").hasSizeGreaterThan(1);
        for (WekaCluster cluster : run.recovered()) {
            bucket.delete(TestClusters.context(cluster, aws));
            assertThat(bucketShape(cluster)).as("deleted: %s", cluster.getMetadata().getName()).isEmpty();
        }
    }

    @Test
    void theMinimalStackKilledAfterEveryMutatingCallInTurnEndsCompleteWithOneOfEach() throws IOException {
        String manifest = Files.readString(Path.of("examples", "minimal.yaml"))
                .replace("  region: us-east-1", "  region: us-east-1\n  tiering: {enabled: true}");
        try (ConvergenceExecutor executor = new ConvergenceExecutor(8)) {
            WekaReleaseBucket.seed();
            WekaCluster reference = AppliedClusters.applyYaml(LocalKubernetes.newNamespace("crash-stack"), manifest).get();
            List<String> calls = OperatorCrash.mutatingCallsOf(() -> assertThat(pass(reference, executor).converged()).isTrue());
            Map<String, Long> oneOfEach = AwsLeftovers.countByKind(AwsLeftovers.of(reference));
            assertThat(NetworkShape.of(reference.getMetadata().getUid())).isEqualTo(MINIMAL_NETWORK);
            LocalAws.reset();
            WekaReleaseBucket.seed();

            WekaCluster cluster = AppliedClusters.applyYaml(LocalKubernetes.newNamespace("crash-stack"), manifest).get();
            int killed = 0;
            while (true) {
                OperatorCrash.afterMutatingCalls(1);
                ConvergenceGraph.Result result = pass(cluster, executor);
                boolean died = OperatorCrash.happened();
                OperatorCrash.restart();
                if (!died) {
                    assertThat(result.failures()).as("the first operator left alive").isEmpty();
                    assertThat(result.converged()).isTrue();
                    break;
                }
                assertThat(result.converged()).as("a killed pass reports converged").isFalse();
                killed++;
                assertThat(killed).as("operators killed, for %d calls of a first create", calls.size())
                        .isLessThanOrEqualTo(2 * calls.size());
            }

            assertThat(AwsLeftovers.countByKind(AwsLeftovers.of(cluster))).isEqualTo(oneOfEach);
            assertThat(NetworkShape.of(cluster.getMetadata().getUid())).isEqualTo(MINIMAL_NETWORK);
            assertThat(OperatorCrash.mutatingCallsOf(() -> assertThat(pass(cluster, executor).converged()).isTrue()))
                    .as("a further pass after %d kills", killed).isEmpty();
        }
    }

    @Test
    void infrastructureReadyIsNotReportedWhileAPieceAKilledOperatorLeftIsIncomplete() {
        try (InProcessOperator operator = InProcessOperator.start()) {
            String namespace = operator.freshNamespace("crash-ready");
            WekaReleaseBucket.seed();
            OperatorCrash.rightAfter("Ec2:CreateInternetGateway");
            Resource<WekaCluster> cluster = AppliedClusters.apply(namespace, Path.of("examples", "minimal.yaml"));
            await("the kill").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(OperatorCrash::happened);
            int killedIn = operator.reconciles(namespace, "poc");
            await("the killed reconcile's report").atMost(Duration.ofSeconds(60))
                    .until(() -> operator.reconciles(namespace, "poc") > killedIn);
            assertThat(cluster.get().getStatus().conditions).noneSatisfy(c -> {
                assertThat(c.getType()).isEqualTo("InfrastructureReady");
                assertThat(c.getStatus()).isEqualTo("True");
            });

            OperatorCrash.restart();
            cluster.edit(c -> {
                c.getMetadata().getAnnotations().put("example.com/restarted", "true");
                return c;
            });

            WekaCluster ready = AppliedClusters.awaitInfrastructureReady(cluster);
            assertThat(NetworkShape.of(ready.getMetadata().getUid())).isEqualTo(MINIMAL_NETWORK);
        }
    }

    /** What a reference create looks like and calls, and the clusters whose create was killed and then recovered. */
    private record KilledCreates(List<String> calls, List<String> shape, List<WekaCluster> recovered) {
    }

    /**
     * Creates the resource for a reference cluster, recording its mutating calls; then, for each call in turn, a
     * cluster of its own whose create is killed right after that call, converged again by a fresh operator: its shape
     * must be the reference's, and a further pass must find nothing to change.
     */
    private KilledCreates killedAfterEachCall(AwsResource resource, String spec, Function<WekaCluster, List<String>> shape) {
        WekaCluster reference = TestClusters.stored(LocalKubernetes.newNamespace("crash"), "reference", spec);
        List<String> calls = OperatorCrash.mutatingCallsOf(() -> resource.converge(TestClusters.context(reference, aws)));
        List<String> complete = shape.apply(reference);
        List<WekaCluster> recovered = new ArrayList<>();
        for (int n = 1; n <= calls.size(); n++) {
            WekaCluster cluster = TestClusters.stored(LocalKubernetes.newNamespace("crash"), "crash" + n, spec);
            String afterCall = "killed right after call " + n + ", " + calls.get(n - 1);
            OperatorCrash.afterMutatingCalls(n);
            try {
                assertThatThrownBy(() -> resource.converge(TestClusters.context(cluster, aws))).as(afterCall)
                        .hasMessageContaining("the operator died right after");
            } finally {
                OperatorCrash.restart();
            }

            resource.converge(TestClusters.context(cluster, aws));

            assertThat(shape.apply(cluster)).as(afterCall).isEqualTo(complete);
            assertThat(OperatorCrash.mutatingCallsOf(() -> resource.converge(TestClusters.context(cluster, aws))))
                    .as("a further pass, " + afterCall).isEmpty();
            recovered.add(cluster);
        }
        return new KilledCreates(calls, complete, recovered);
    }

    /** One reconcile's convergence by a fresh operator: a new graph and context, nothing remembered. */
    private ConvergenceGraph.Result pass(WekaCluster cluster, ConvergenceExecutor executor) {
        return BackendStack.graph().converge(TestClusters.context(cluster, aws), executor);
    }


    /** The buckets that carry the cluster's UID, each with its public-access block and default encryption. */
    private static List<String> bucketShape(WekaCluster cluster) {
        try (S3Client s3 = S3Client.builder().region(Region.of(LocalAws.REGION)).forcePathStyle(true).build()) {
            return s3.listBuckets().buckets().stream().map(Bucket::name)
                    .filter(name -> tags(s3, name).contains(ClusterTags.CLUSTER_UID + "=" + cluster.getMetadata().getUid()))
                    .map(name -> name.replace("-" + cluster.clusterName() + "-", "-<cluster>-")
                            + " publicAccessBlocked=" + PRIVATE.equals(s3.getPublicAccessBlock(r -> r.bucket(name))
                                    .publicAccessBlockConfiguration())
                            + " encryption=" + s3.getBucketEncryption(r -> r.bucket(name)).serverSideEncryptionConfiguration()
                                    .rules().get(0).applyServerSideEncryptionByDefault().sseAlgorithmAsString())
                    .toList();
        }
    }

    private static List<String> tags(S3Client s3, String bucket) {
        try {
            return s3.getBucketTagging(r -> r.bucket(bucket)).tagSet().stream().map(t -> t.key() + "=" + t.value())
                    .toList();
        } catch (S3Exception untagged) {
            return List.of();
        }
    }
}
