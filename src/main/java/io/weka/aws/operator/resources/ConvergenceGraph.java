package io.weka.aws.operator.resources;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** What did not converge: failures by resource kind, and the resources they held back. */
    public record Result(Map<String, RuntimeException> failures, List<String> blocked) {
        public boolean converged() {
            return failures.isEmpty() && blocked.isEmpty();
        }
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

    public Result converge(ClusterContext context, Executor executor) {
        Map<AwsResource, CompletableFuture<Void>> done = new HashMap<>();
        Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
        List<String> blocked = Collections.synchronizedList(new ArrayList<>());
        for (AwsResource resource : order()) {
            CompletableFuture<?>[] upstream = producers.get(resource).stream().map(done::get)
                    .toArray(CompletableFuture[]::new);
            done.put(resource, CompletableFuture.allOf(upstream).handleAsync((ok, upstreamFailed) -> {
                if (upstreamFailed != null) {
                    blocked.add(resource.kind());
                    throw new CompletionException(upstreamFailed);
                }
                if (resource.wanted(context.spec())) {
                    try {
                        resource.converge(context);
                    } catch (RuntimeException e) {
                        failures.put(resource.kind(), e);
                        throw e;
                    }
                }
                return null;
            }, executor));
        }
        CompletableFuture.allOf(done.values().toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return new Result(Map.copyOf(failures), List.copyOf(blocked));
    }
}
