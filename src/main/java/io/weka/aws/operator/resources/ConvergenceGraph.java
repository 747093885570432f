package io.weka.aws.operator.resources;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Converges resources in dependency order: each one starts as soon as everything it depends on has converged, so
 * independent branches run in parallel. A failure stops only the resources that depend on the failed one.
 */
public final class ConvergenceGraph {
    private final Map<Class<? extends AwsResource>, AwsResource> resources = new LinkedHashMap<>();

    /** What did not converge: failures, and the resources they held back. */
    public record Result(Map<String, RuntimeException> failures, List<String> blocked) {
        public boolean converged() {
            return failures.isEmpty() && blocked.isEmpty();
        }
    }

    public ConvergenceGraph(List<? extends AwsResource> members) {
        members.forEach(r -> resources.put(r.getClass(), r));
        for (AwsResource resource : members) {
            for (Class<? extends AwsResource> dependency : resource.dependsOn()) {
                if (!resources.containsKey(dependency)) {
                    throw new IllegalArgumentException(resource.kind() + " depends on " + dependency.getSimpleName()
                            + ", which is not in the graph");
                }
            }
        }
    }

    public Result converge(ClusterContext context, Executor executor) {
        Map<Class<? extends AwsResource>, CompletableFuture<Void>> done = new HashMap<>();
        Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
        List<String> blocked = Collections.synchronizedList(new ArrayList<>());
        for (AwsResource resource : resources.values()) {
            schedule(resource, context, executor, done, failures, blocked);
        }
        CompletableFuture.allOf(done.values().toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return new Result(Map.copyOf(failures), List.copyOf(blocked));
    }

    private CompletableFuture<Void> schedule(AwsResource resource, ClusterContext context, Executor executor,
            Map<Class<? extends AwsResource>, CompletableFuture<Void>> done, Map<String, RuntimeException> failures,
            List<String> blocked) {
        CompletableFuture<Void> existing = done.get(resource.getClass());
        if (existing != null) {
            return existing;
        }
        CompletableFuture<?>[] dependencies = resource.dependsOn().stream()
                .map(d -> schedule(resources.get(d), context, executor, done, failures, blocked))
                .toArray(CompletableFuture[]::new);
        CompletableFuture<Void> future = CompletableFuture.allOf(dependencies).handleAsync((ok, dependencyFailed) -> {
            if (dependencyFailed != null) {
                blocked.add(resource.kind());
                throw new CompletionException(dependencyFailed);
            }
            if (!resource.wanted(context.spec())) {
                return null;
            }
            try {
                resource.converge(context);
                return null;
            } catch (RuntimeException e) {
                failures.put(resource.kind(), e);
                throw e;
            }
        }, executor);
        done.put(resource.getClass(), future);
        return future;
    }
}
