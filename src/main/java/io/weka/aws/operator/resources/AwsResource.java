package io.weka.aws.operator.resources;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import java.util.Set;

/**
 * One kind of AWS resource of a cluster. Implementations keep a pure {@code desired(...)} builder and a narrow
 * {@code matches(...)}: {@link #converge} finds the resource by its deterministic name, creates it when absent,
 * updates only what differs from the desired state, and makes no mutating call when nothing differs.
 */
public interface AwsResource {
    /** A short name for status, events and logs, e.g. "AutoScalingGroup". */
    String kind();

    /** Facts this resource reads; their producers converge first. Optional facts may stay unpublished. */
    default Set<Fact<?>> needs() {
        return Set.of();
    }

    /** Facts this resource publishes (when it is wanted and converges). */
    default Set<Fact<?>> publishes() {
        return Set.of();
    }

    /** False when the spec turns this resource off; resources that depend on it still converge. */
    default boolean wanted(WekaClusterSpec spec) {
        return true;
    }

    void converge(ClusterContext context);

    /**
     * Removes what {@link #converge} created for the cluster. It finds it by deterministic name or by the cluster's
     * tags alone, never through facts (on deletion nothing converged first), and removes only what carries this
     * cluster's identity tag: a namesake, or what the spec brought, is left alone. Absent counts as gone. It runs
     * again on every pass until it answers {@link Removal#GONE}, so it must be idempotent.
     */
    Removal delete(ClusterContext context);
}
