package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.ConvergenceGraph;
import io.weka.aws.operator.resources.Fact;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConvergenceGraphTest {
    private static final Fact<String> ROLE = Fact.of("role", String.class);
    private static final Fact<String> TABLE = Fact.of("table", String.class);
    private static final Fact<String> FUNCTION = Fact.of("function", String.class);
    /** A resource's convergence, in a test. */
    private interface Body {
        void converge(ClusterContext context) throws Exception;
    }

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<String> converged = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void producersConvergeBeforeTheirConsumersAndFactsFlow() {
        ClusterContext context = context();
        ConvergenceGraph graph = new ConvergenceGraph(List.of(
                node("Function", Set.of(ROLE, TABLE), Set.of(FUNCTION), c -> c.publish(FUNCTION,
                        c.require(ROLE) + "+" + c.require(TABLE))),
                node("Role", Set.of(), Set.of(ROLE), c -> c.publish(ROLE, "role")),
                node("Table", Set.of(), Set.of(TABLE), c -> c.publish(TABLE, "table"))));

        ConvergenceGraph.Result result = graph.converge(context, executor);

        assertThat(result.converged()).isTrue();
        assertThat(converged.indexOf("Function")).isGreaterThan(converged.indexOf("Role"))
                .isGreaterThan(converged.indexOf("Table"));
        assertThat(context.require(FUNCTION)).isEqualTo("role+table");
    }

    @Test
    void independentResourcesRunAtTheSameTime() throws Exception {
        CountDownLatch bothStarted = new CountDownLatch(2);
        Body waitForTheOther = c -> {
            bothStarted.countDown();
            if (!bothStarted.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("ran one after the other");
            }
        };
        ConvergenceGraph graph = new ConvergenceGraph(List.of(node("A", Set.of(), Set.of(), waitForTheOther),
                node("B", Set.of(), Set.of(), waitForTheOther)));

        assertThat(graph.converge(context(), executor).converged()).isTrue();
    }

    @Test
    void aFailureBlocksItsConsumersButNotTheOtherBranches() {
        ConvergenceGraph graph = new ConvergenceGraph(List.of(
                node("Role", Set.of(), Set.of(ROLE), c -> {
                    throw new IllegalStateException("AccessDenied");
                }),
                node("Function", Set.of(ROLE), Set.of(FUNCTION), c -> { }),
                node("Table", Set.of(), Set.of(TABLE), c -> { })));

        ConvergenceGraph.Result result = graph.converge(context(), executor);

        assertThat(result.failures()).containsOnlyKeys("Role");
        assertThat(result.blocked()).containsExactly("Function");
        assertThat(converged).containsExactly("Table");
    }

    @Test
    void refusesTwoProducersOfOneFactAndCycles() {
        assertThatThrownBy(() -> new ConvergenceGraph(List.of(node("A", Set.of(), Set.of(ROLE), c -> { }),
                node("B", Set.of(), Set.of(ROLE), c -> { })))).hasMessageContaining("role is published by both");
        assertThatThrownBy(() -> new ConvergenceGraph(List.of(node("A", Set.of(TABLE), Set.of(ROLE), c -> { }),
                node("B", Set.of(ROLE), Set.of(TABLE), c -> { })))).hasMessageContaining("cycle");
    }

    private AwsResource node(String kind, Set<Fact<?>> needs, Set<Fact<?>> publishes, Body body) {
        return new AwsResource() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public Set<Fact<?>> needs() {
                return needs;
            }

            @Override
            public Set<Fact<?>> publishes() {
                return publishes;
            }

            @Override
            public boolean wanted(WekaClusterSpec spec) {
                return true;
            }

            @Override
            public void converge(ClusterContext context) {
                try {
                    body.converge(context);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                converged.add(kind);
            }
        };
    }

    private static ClusterContext context() {
        WekaCluster cluster = new WekaCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("c").withNamespace("n").withUid("u").build());
        cluster.setSpec(new WekaClusterSpec());
        cluster.getSpec().prefix = "weka";
        return new ClusterContext(cluster, null, null);
    }
}
