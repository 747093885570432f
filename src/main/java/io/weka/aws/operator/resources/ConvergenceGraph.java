package io.weka.aws.operator.resources;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Converges resources in dependency order, a resource depending on the producers of the facts it needs. Each one
 * starts as soon as its producers have converged, so independent branches run in parallel; a failure stops only
 * the resources downstream of it.
 */
public final class ConvergenceGraph {
    private final List<AwsResource> resources;
    private final Map<AwsResource, List<AwsResource>> producers = new LinkedHashMap<>();
    /**
     * The generation of each cluster's spec in which an unwanted resource was found gone ("uid/kind"): it is not
     * looked for again until the spec changes, so a feature left off costs no AWS call per reconcile. A restart
     * forgets it, and the first reconcile after looks once more.
     */
    private final Map<String, Long> removedAt = new ConcurrentHashMap<>();

    /** What did not converge: failures by resource kind, what they held back, and removals AWS is still doing. */
    public record Result(Map<String, RuntimeException> failures, List<String> blocked, List<String> removing) {
        public boolean converged() {
            return failures.isEmpty() && blocked.isEmpty() && removing.isEmpty();
        }
    }

    /** Holds back what waits for a resource that AWS is still removing. */
    private static final class Unfinished extends RuntimeException {
        Unfinished() {
            super(null, null, false, false);
        }
    }

    /** One resource's part of a walk; false when it has to be asked again on a later pass. */
    private interface Step {
        boolean finished(AwsResource resource);
    }

    public ConvergenceGraph(List<? extends AwsResource> members) {
        this.resources = List.copyOf(members);
        Map<Fact<?>, AwsResource> producerOf = new HashMap<>();
        for (AwsResource resource : resources) {
            for (Fact<?> fact : resource.publishes()) {
                AwsResource other = producerOf.put(fact, resource);
                if (other != null) {
                    throw new IllegalArgumentException(fact.name() + " is published by both " + other.kind() + " and "
                            + resource.kind());
                }
            }
        }
        for (AwsResource resource : resources) {
            producers.put(resource, resource.needs().stream().map(producerOf::get)
                    .filter(p -> p != null && p != resource).distinct().toList());
        }
        resources.forEach(r -> requireNoCycle(r, new HashSet<>()));
    }

    private void requireNoCycle(AwsResource resource, Set<AwsResource> path) {
        if (!path.add(resource)) {
            throw new IllegalArgumentException("dependency cycle through " + resource.kind());
        }
        producers.get(resource).forEach(p -> requireNoCycle(p, path));
        path.remove(resource);
    }

    /** The resources in an order in which each comes after its producers (deletion runs it backwards). */
    public List<AwsResource> order() {
        List<AwsResource> ordered = new ArrayList<>();
        resources.forEach(r -> visit(r, ordered));
        return ordered;
    }

    private void visit(AwsResource resource, List<AwsResource> ordered) {
        if (!ordered.contains(resource)) {
            producers.get(resource).forEach(p -> visit(p, ordered));
            ordered.add(resource);
        }
    }

    /**
     * Converges what the spec wants, then removes what it no longer wants (a feature turned off), consumers before
     * their producers, so nothing is removed while a converged resource still refers to it.
     */
    public Result converge(ClusterContext context, Executor executor) {
        List<AwsResource> wanted = resources.stream().filter(r -> r.wanted(context.spec())).toList();
        Result converged = walk(order(), producers, r -> {
            if (wanted.contains(r)) {
                r.converge(context);
            }
            return true;
        }, executor);
        String cluster = context.cluster().getMetadata().getUid();
        long generation = Optional.ofNullable(context.cluster().getMetadata().getGeneration()).orElse(0L);
        List<AwsResource> unwanted = resources.stream().filter(r -> !wanted.contains(r))
                .filter(r -> !Objects.equals(removedAt.get(cluster + "/" + r.kind()), generation)).toList();
        if (unwanted.isEmpty()) {
            return converged;
        }
        Result removed = walk(reversed(unwanted), consumersAmong(unwanted), r -> {
            boolean gone = r.delete(context) == Removal.GONE;
            if (gone) {
                removedAt.put(cluster + "/" + r.kind(), generation);
            }
            return gone;
        }, executor);
        Map<String, RuntimeException> failures = new HashMap<>(converged.failures());
        failures.putAll(removed.failures());
        List<String> blocked = new ArrayList<>(converged.blocked());
        blocked.addAll(removed.blocked());
        return new Result(Map.copyOf(failures), List.copyOf(blocked), removed.removing());
    }

    /** Deletes every resource, consumers before their producers; resources whose consumers remain wait a pass. */
    public Result delete(ClusterContext context, Executor executor) {
        String cluster = context.cluster().getMetadata().getUid() + "/";
        removedAt.keySet().removeIf(key -> key.startsWith(cluster));
        return walk(reversed(resources), consumersAmong(resources), r -> r.delete(context) == Removal.GONE, executor);
    }

    private List<AwsResource> reversed(List<AwsResource> members) {
        List<AwsResource> ordered = new ArrayList<>(order());
        ordered.retainAll(members);
        Collections.reverse(ordered);
        return ordered;
    }

    private Map<AwsResource, List<AwsResource>> consumersAmong(List<AwsResource> members) {
        Map<AwsResource, List<AwsResource>> consumers = new HashMap<>();
        members.forEach(m -> consumers.put(m, members.stream().filter(c -> producers.get(c).contains(m)).toList()));
        return consumers;
    }

    /** Runs each resource's step once everything it waits for has finished, independent ones in parallel. */
    private static Result walk(List<AwsResource> ordered, Map<AwsResource, List<AwsResource>> waitsFor, Step step,
            Executor executor) {
        Map<AwsResource, CompletableFuture<Void>> done = new HashMap<>();
        Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
        List<String> blocked = Collections.synchronizedList(new ArrayList<>());
        List<String> unfinished = Collections.synchronizedList(new ArrayList<>());
        for (AwsResource resource : ordered) {
            CompletableFuture<?>[] upstream = waitsFor.get(resource).stream().map(done::get)
                    .toArray(CompletableFuture[]::new);
            done.put(resource, CompletableFuture.allOf(upstream).handleAsync((ok, upstreamFailed) -> {
                if (upstreamFailed != null) {
                    blocked.add(resource.kind());
                    throw new CompletionException(upstreamFailed);
                }
                boolean finished;
                try {
                    finished = step.finished(resource);
                } catch (RuntimeException e) {
                    failures.put(resource.kind(), e);
                    throw e;
                }
                if (!finished) {
                    unfinished.add(resource.kind());
                    throw new Unfinished();
                }
                return null;
            }, executor));
        }
        CompletableFuture.allOf(done.values().toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return new Result(Map.copyOf(failures), List.copyOf(blocked), List.copyOf(unfinished));
    }
}
