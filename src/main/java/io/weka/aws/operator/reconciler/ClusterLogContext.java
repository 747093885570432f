package io.weka.aws.operator.reconciler;

import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import org.jboss.logging.MDC;

/**
 * The cluster a reconcile works on, in the logging context (MDC keys {@code namespace} and {@code name}) for as
 * long as the reconcile runs: the log formats print it on every line, and the convergence threads inherit it.
 */
final class ClusterLogContext implements AutoCloseable {
    static final String NAMESPACE = "namespace";
    static final String NAME = "name";

    private ClusterLogContext() {
    }

    static ClusterLogContext of(WekaCluster cluster) {
        MDC.put(NAMESPACE, cluster.getMetadata().getNamespace());
        MDC.put(NAME, cluster.getMetadata().getName());
        return new ClusterLogContext();
    }

    @Override
    public void close() {
        MDC.remove(NAMESPACE);
        MDC.remove(NAME);
    }
}
