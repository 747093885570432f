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
import io.weka.aws.operator.resources.Removal;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
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
    private final List<String> deleted = new CopyOnWriteArrayList<>();

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

    @Test
    void whatTheSpecNoLongerWantsIsRemovedAfterwardsConsumersFirst() {
        ConvergenceGraph graph = new ConvergenceGraph(List.of(
                node("Role", Set.of(), Set.of(ROLE), c -> { }).unwanted(),
                node("Function", Set.of(ROLE), Set.of(FUNCTION), c -> { }).unwanted(),
                node("Table", Set.of(), Set.of(TABLE), c -> { })));

        ConvergenceGraph.Result result = graph.converge(context(), executor);

        assertThat(result.converged()).isTrue();
        assertThat(converged).containsExactly("Table");
        assertThat(deleted).containsExactly("Function", "Role");
    }

    @Test
    void aResourceFoundGoneIsNotLookedForAgainUntilTheSpecChanges() {
        ConvergenceGraph graph = new ConvergenceGraph(List.of(node("Role", Set.of(), Set.of(ROLE), c -> { }).unwanted()));
        ClusterContext context = context();

        graph.converge(context, executor);
        graph.converge(context, executor);
        assertThat(deleted).containsExactly("Role");

        context.cluster().getMetadata().setGeneration(2L);
        graph.converge(context, executor);
        assertThat(deleted).containsExactly("Role", "Role");
    }

    @Test
    void deletionWaitsForConsumersToBeGoneBeforeTheirProducers() {
        Node function = node("Function", Set.of(ROLE, TABLE), Set.of(FUNCTION), c -> { })
                .removals(Removal.IN_PROGRESS, Removal.GONE);
        ConvergenceGraph graph = new ConvergenceGraph(List.of(node("Role", Set.of(), Set.of(ROLE), c -> { }), function,
                node("Table", Set.of(), Set.of(TABLE), c -> { }), node("Bucket", Set.of(), Set.of(), c -> { })));

        ConvergenceGraph.Result first = graph.delete(context(), executor);

        assertThat(first.converged()).isFalse();
        assertThat(first.removing()).containsExactly("Function");
        assertThat(first.blocked()).containsExactlyInAnyOrder("Role", "Table");
        assertThat(deleted).containsExactlyInAnyOrder("Function", "Bucket");

        deleted.clear();
        ConvergenceGraph.Result second = graph.delete(context(), executor);

        assertThat(second.converged()).isTrue();
        assertThat(deleted).containsExactlyInAnyOrder("Function", "Role", "Table", "Bucket");
        assertThat(deleted.indexOf("Function")).isLessThan(deleted.indexOf("Role")).isLessThan(deleted.indexOf("Table"));
    }

    private Node node(String kind, Set<Fact<?>> needs, Set<Fact<?>> publishes, Body body) {
        return new Node(kind, needs, publishes, body);
    }

    /** A resource in a test: converges through its body, and answers deletions from a script (else gone). */
    private final class Node implements AwsResource {
        private final String kind;
        private final Set<Fact<?>> needs;
        private final Set<Fact<?>> publishes;
        private final Body body;
        private final Queue<Removal> removals = new ConcurrentLinkedQueue<>();
        private boolean wanted = true;

        Node(String kind, Set<Fact<?>> needs, Set<Fact<?>> publishes, Body body) {
            this.kind = kind;
            this.needs = needs;
            this.publishes = publishes;
            this.body = body;
        }

        Node unwanted() {
            wanted = false;
            return this;
        }

        Node removals(Removal... answers) {
            removals.addAll(List.of(answers));
            return this;
        }

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
            return wanted;
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

        @Override
        public Removal delete(ClusterContext context) {
            deleted.add(kind);
            return Optional.ofNullable(removals.poll()).orElse(Removal.GONE);
        }
    }

    private static ClusterContext context() {
        WekaCluster cluster = new WekaCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("c").withNamespace("n").withUid("u").build());
        cluster.setSpec(new WekaClusterSpec());
        cluster.getSpec().prefix = "weka";
        return new ClusterContext(cluster, null, null);
    }
}
