package io.weka.aws.operator.model;

import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Tags on every AWS resource of a cluster: the user's, the module's partner tag and weka_cluster_name (which
 * WEKA's functions select instances by), and our own identity tags that make every resource re-findable.
 */
public final class ClusterTags {
    public static final String APN_ID_KEY = "aws-apn-id";
    public static final String APN_ID = "pc:epkj0ftddjwa38m3oq9umjjlm";
    public static final String CLUSTER_NAME = "weka_cluster_name";
    public static final String CLUSTER_UID = "weka.io/cluster-uid";
    public static final String CLUSTER = "weka.io/cluster";
    /** The cluster's identity on instances, whose tags cannot carry {@link #CLUSTER_UID}'s "/" (instance metadata). */
    public static final String INSTANCE_CLUSTER_UID = "weka.io:cluster-uid";
    public static final String HOSTGROUP_TYPE = "weka_hostgroup_type";

    private final Map<String, String> common;

    public ClusterTags(WekaCluster cluster) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (cluster.getSpec().tags != null) {
            tags.putAll(cluster.getSpec().tags);
        }
        tags.put(APN_ID_KEY, APN_ID);
        tags.put(CLUSTER_NAME, cluster.clusterName());
        tags.put(CLUSTER_UID, cluster.getMetadata().getUid());
        tags.put(CLUSTER, cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName());
        this.common = Collections.unmodifiableMap(tags);
    }

    public Map<String, String> common() {
        return common;
    }

    /** The common tags plus some of a resource's own (which win). */
    public Map<String, String> with(Map<String, String> extra) {
        Map<String, String> tags = new LinkedHashMap<>(common);
        tags.putAll(extra);
        return tags;
    }

    /** The common tags in a service's own tag type. */
    public <T> List<T> as(BiFunction<String, String, T> tag) {
        return as(common, tag);
    }

    public static <T> List<T> as(Map<String, String> tags, BiFunction<String, String, T> tag) {
        return tags.entrySet().stream().map(e -> tag.apply(e.getKey(), e.getValue())).toList();
    }

    public String uid() {
        return common.get(CLUSTER_UID);
    }

    /**
     * Whether tags found on an AWS resource say it belongs to this cluster (and not to a namesake). This is the one
     * test every change and deletion passes: a name, a prefix or weka_cluster_name alone never makes a resource ours.
     */
    public boolean owns(Map<String, String> found) {
        return uid().equals(found.get(CLUSTER_UID)) || uid().equals(found.get(INSTANCE_CLUSTER_UID));
    }
}
