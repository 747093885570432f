package io.weka.aws.operator.integration.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.ConvergenceGraph;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The five resources together, wired only by the facts they declare, as the reconciler's graph runs them. */
class ScaleDownChainTest {
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private FunctionsFixture.Account account;

    @BeforeEach
    void account() {
        LocalAws.reset();
        account = FunctionsFixture.prepare(FunctionsFixture.session(aws));
    }

    @AfterEach
    void close() {
        executor.shutdownNow();
        aws.close();
    }

    @Test
    void theGraphOrdersThemByTheFactsTheyExchange() {
        List<String> order = new ConvergenceGraph(List.of(FunctionsFixture.all())).order().stream()
                .map(AwsResource::kind).toList();

        assertThat(order).containsSubsequence("LogGroup", "LambdaFunction", "StateMachine", "EventRule",
                "LambdaPermission");
    }

    @Test
    void theyConvergeInParallelAndThenCostNoMutatingCall() {
        WekaCluster cluster = TestClusters.stored(LocalKubernetes.newNamespace("chain"), "prod", FunctionsFixture.SPEC);
        ClusterContext first = FunctionsFixture.publish(TestClusters.context(cluster, aws), account);

        ConvergenceGraph.Result result = new ConvergenceGraph(List.of(FunctionsFixture.all())).converge(first, executor);

        assertThat(result.converged()).as("%s", result).isTrue();
        Map<String, Long> byKind = first.inventory().stream()
                .collect(Collectors.groupingBy(r -> r.kind, Collectors.counting()));
        assertThat(byKind).containsExactlyInAnyOrderEntriesOf(Map.of("LogGroup", 12L, "LambdaFunction", 11L,
                "StateMachine", 1L, "EventRule", 1L, "LambdaPermission", 4L));
        assertThat(first.inventory()).extracting(r -> r.state).containsOnly("Ready");
        assertThat(first.changes()).extracting(ClusterContext.Change::action).containsOnly("Created");
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);

        ClusterContext second = FunctionsFixture.publish(TestClusters.context(cluster, aws), account);
        assertThat(new ConvergenceGraph(List.of(FunctionsFixture.all())).converge(second, executor).converged()).isTrue();

        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(second.changes()).isEmpty();
        assertThat(second.inventory()).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(first.inventory());
    }

    @Test
    void withoutTheFunctionsRoleNothingDownstreamIsAttempted() {
        WekaCluster cluster = TestClusters.stored(LocalKubernetes.newNamespace("chain"), "prod", FunctionsFixture.SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);
        FunctionsFixture.publish(context, new FunctionsFixture.Account(
                "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":role/missing", account.stateMachineRole(), account.eventsRole(),
                account.subnetId(), account.securityGroupId()));

        ConvergenceGraph.Result result = new ConvergenceGraph(List.of(FunctionsFixture.all())).converge(context, executor);

        assertThat(result.failures()).containsOnlyKeys("LambdaFunction");
        assertThat(result.blocked()).containsExactlyInAnyOrder("StateMachine", "EventRule", "LambdaPermission");
        assertThat(context.aws().sfn().listStateMachines().stateMachines()).isEmpty();
        assertThat(context.inventory().stream().map(r -> r.kind).collect(Collectors.toSet())).containsOnly("LogGroup");
    }
}
