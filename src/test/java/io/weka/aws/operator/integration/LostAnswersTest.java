package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.resources.BackendStack;
import io.weka.aws.operator.resources.ConvergenceExecutor;
import io.weka.aws.operator.resources.ConvergenceGraph;
import io.weka.aws.operator.testenv.AppliedClusters;
import io.weka.aws.operator.testenv.AwsLeftovers;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.NetworkShape;
import io.weka.aws.operator.testenv.OperatorCrash;
import io.weka.aws.operator.testenv.RealisticAws;
import io.weka.aws.operator.testenv.RealisticAws.Fault;
import io.weka.aws.operator.testenv.RealisticAws.PlayedFault;
import io.weka.aws.operator.testenv.TestClusters;
import io.weka.aws.operator.testenv.WekaReleaseBucket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Vpc;

/**
 * Issue 10, item 3: AWS executed a create and the answer never came back (the emulator's "lost-answer": moto executes
 * the request, then the connection is dropped). The AWS SDK's own retry would send such a create again, and so would
 * the next pass. For every kind of mutating call a first create of the stack makes, one answer is lost (all kinds in
 * one run, each once: the first call of each kind); fresh passes then converge, and the stack must hold exactly as many
 * resources of each kind as an undisturbed create makes, the network the same shape, nothing left to change, and
 * after deletion nothing at all.
 */
class LostAnswersTest {
    /** The SDK's service names, as {@link OperatorCrash} records them, and the signing names the emulator sees. */
    private static final Map<String, String> SIGNING_NAMES = Map.ofEntries(Map.entry("Ec2", "ec2"),
            Map.entry("Iam", "iam"), Map.entry("Lambda", "lambda"), Map.entry("AutoScaling", "autoscaling"),
            Map.entry("ElasticLoadBalancingV2", "elasticloadbalancing"), Map.entry("DynamoDb", "dynamodb"),
            Map.entry("Kms", "kms"), Map.entry("Sfn", "states"), Map.entry("EventBridge", "events"),
            Map.entry("SecretsManager", "secretsmanager"), Map.entry("CloudWatchLogs", "logs"),
            Map.entry("Acm", "acm"), Map.entry("Route53", "route53"), Map.entry("S3", "s3"));
    /** Every optional part the operator creates: network with NAT, endpoints, KMS keys, tiering, clients, gateways. */
    private static final String FULL_STACK = """
              region: us-east-1
              network:
                create: {natGateway: true}
                endpoints: {ec2: true, s3Gateway: true, lambda: true, autoscaling: true}
              encryption: {ebs: true}
              secretsManager: {createKmsKey: true}
              tiering: {enabled: true}
              clients: {count: 2, instanceType: c5n.2xlarge}
              protocolGateways:
                nfs: {count: 2, instanceType: c5n.2xlarge}
                smb: {count: 3, domainName: corp.example.com, clusterName: WEKA-SMB}
                s3: {count: 1}
            """;
    private final AwsClientFactory aws = new AwsClientFactory(new SimpleMeterRegistry());

    @BeforeEach
    void emptyAccount() {
        LocalAws.reset();
    }

    @AfterEach
    void close() {
        RealisticAws.off();
        OperatorCrash.restart();
        aws.close();
    }

    @Test
    void aLostAnswerToEachCallOfTheMinimalStackLeavesExactlyOneOfEachAndNothingAfterDeletion() throws IOException {
        lostOnceForEachKindOfCall(stack("  region: us-east-1\n  tiering: {enabled: true}\n"));
    }

    @Test
    void aLostAnswerToEachCallOfTheFullStackLeavesExactlyOneOfEachAndNothingAfterDeletion() throws IOException {
        lostOnceForEachKindOfCall(stack(FULL_STACK));
    }

    @Test
    void theClientsForCreatesWithoutTokensResendWhatWasThrottledButNeverWhatLostItsAnswer() {
        LocalAws.endpoint();
        Ec2Client sentOnce = aws.session(LocalAws.REGION, "default", aws::defaultCredentials).sentOnce().ec2();
        RealisticAws.seeded(3).fault(Fault.throttle().on("ec2", "CreateVpc").times(1)).apply();
        sentOnce.createVpc(r -> r.cidrBlock("10.1.0.0/16"));
        RealisticAws.seeded(3).fault(Fault.lostAnswer().on("ec2", "CreateVpc").times(1)).apply();
        assertThatThrownBy(() -> sentOnce.createVpc(r -> r.cidrBlock("10.2.0.0/16")))
                .isInstanceOf(SdkClientException.class);
        RealisticAws.off();

        try (Ec2Client ec2 = Ec2Client.builder().region(Region.of(LocalAws.REGION)).build()) {
            assertThat(ec2.describeVpcs(r -> r.filters(f -> f.name("cidr").values("10.1.0.0/16", "10.2.0.0/16")))
                    .vpcs()).extracting(Vpc::cidrBlock).as("one of each: the throttled one resent, the lost one not")
                    .containsExactlyInAnyOrder("10.1.0.0/16", "10.2.0.0/16");
        }
    }

    private void lostOnceForEachKindOfCall(String manifest) {
        try (ConvergenceExecutor executor = new ConvergenceExecutor(8)) {
            WekaReleaseBucket.seed();
            WekaCluster reference = AppliedClusters.applyYaml(LocalKubernetes.newNamespace("lost"), manifest).get();
            // A sent-once create is not resent after a 5xx either, and moto now and then answers a burst of parallel
            // calls with one: a second pass finishes such a reference create, and the calls of both count.
            List<String> calls = OperatorCrash.mutatingCallsOf(() -> {
                if (!pass(reference, executor).converged()) {
                    converged(pass(reference, executor));
                }
            });
            Map<String, Long> oneOfEach = AwsLeftovers.countByKind(AwsLeftovers.of(reference));
            List<String> network = NetworkShape.of(reference.getMetadata().getUid());
            LocalAws.reset();
            WekaReleaseBucket.seed();

            WekaCluster cluster = AppliedClusters.applyYaml(LocalKubernetes.newNamespace("lost"), manifest).get();
            Set<String> lost = calls.stream().map(LostAnswersTest::signed).collect(Collectors.toCollection(TreeSet::new));
            RealisticAws realism = RealisticAws.seeded(10);
            lost.forEach(call -> realism.fault(Fault.lostAnswer().on(call.split(":")[0], call.split(":")[1]).times(1)));
            realism.apply();
            int passes = 1;
            while (!pass(cluster, executor).converged()) {
                passes++;
                assertThat(passes).as("passes to converge with %d answers lost", lost.size())
                        .isLessThanOrEqualTo(lost.size() + 2);
            }
            assertThat(RealisticAws.playedFaults()).extracting(f -> f.service() + ":" + f.action())
                    .as("every kind of call lost its answer once").containsExactlyInAnyOrderElementsOf(lost);
            assertThat(RealisticAws.playedFaults()).extracting(PlayedFault::kind).containsOnly("lost-answer");
            RealisticAws.off();

            assertThat(AwsLeftovers.countByKind(AwsLeftovers.of(cluster))).as("after %d passes", passes).isEqualTo(oneOfEach);
            assertThat(NetworkShape.of(cluster.getMetadata().getUid())).isEqualTo(network);
            assertThat(OperatorCrash.mutatingCallsOf(() -> converged(pass(cluster, executor))))
                    .as("a further pass").isEmpty();

            ConvergenceGraph graph = BackendStack.graph();
            await("deletion").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> graph.delete(TestClusters.context(cluster, aws), executor).converged());
            assertThat(AwsLeftovers.of(cluster)).as("left after deletion").isEmpty();
        }
    }

    private static void converged(ConvergenceGraph.Result pass) {
        assertThat(pass.failures()).as("failures").isEmpty();
        assertThat(pass.converged()).as("converged: %s", pass).isTrue();
    }

    private static String stack(String spec) throws IOException {
        return Files.readString(Path.of("examples", "minimal.yaml")).replace("  region: us-east-1\n", spec);
    }

    /** One reconcile's convergence by a fresh operator: a new graph and context, nothing remembered. */
    private ConvergenceGraph.Result pass(WekaCluster cluster, ConvergenceExecutor executor) {
        return BackendStack.graph().converge(TestClusters.context(cluster, aws), executor);
    }

    /** "Ec2:CreateVpc" as the emulator names it: "ec2:CreateVpc". */
    private static String signed(String call) {
        String service = call.substring(0, call.indexOf(':'));
        assertThat(SIGNING_NAMES).as("the signing name of %s", service).containsKey(service);
        return SIGNING_NAMES.get(service) + call.substring(call.indexOf(':'));
    }
}
