package io.weka.aws.operator.testenv;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsApiCallMetrics;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.resources.ClusterContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** WekaClusters for resource-level tests: stored on the API server, so they carry the schema defaults and a UID. */
public final class TestClusters {
    private TestClusters() {
    }

    /** The spec part (indented as under `spec:`) of a cluster named {@code name}, stored in {@code namespace}. */
    public static WekaCluster stored(String namespace, String name, String spec) {
        String yaml = """
                apiVersion: aws.weka.io/v1alpha1
                kind: WekaCluster
                metadata:
                  name: %s
                spec:
                %s
                """.formatted(name, spec.indent(2));
        WekaCluster cluster = LocalKubernetes.client().resources(WekaCluster.class)
                .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).item();
        return LocalKubernetes.client().resources(WekaCluster.class).inNamespace(namespace).resource(cluster).create();
    }

    /** A reconcile's context for the cluster, with AWS reached through the emulator's standard settings. */
    public static ClusterContext context(WekaCluster cluster, AwsClientFactory aws) {
        LocalAws.endpoint();
        return new ClusterContext(cluster,
                aws.session(cluster.getSpec().region, "default", aws::defaultCredentials), LocalKubernetes.client());
    }

    /** Mutating AWS calls counted so far, by "Service:Operation". */
    public static Map<String, Double> mutatingCalls(MeterRegistry registry) {
        Map<String, Double> calls = new TreeMap<>();
        for (Counter counter : registry.find(AwsApiCallMetrics.METRIC).counters()) {
            String operation = counter.getId().getTag("operation");
            if (AwsApiCallMetrics.isMutating(operation)) {
                calls.merge(counter.getId().getTag("service") + ":" + operation, counter.count(), Double::sum);
            }
        }
        return calls;
    }
}
