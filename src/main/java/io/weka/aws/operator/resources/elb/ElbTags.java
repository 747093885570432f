package io.weka.aws.operator.resources.elb;

import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.ResourceConflictException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/** Load-balancer tags: reading them, the identity check, and setting the ones that differ (never removing others'). */
final class ElbTags {
    private ElbTags() {
    }

    static List<Tag> list(Map<String, String> tags) {
        return ClusterTags.as(tags, (k, v) -> Tag.builder().key(k).value(v).build());
    }

    static Map<String, String> of(ClusterContext context, String arn) {
        Map<String, String> tags = new LinkedHashMap<>();
        context.aws().elb().describeTags(r -> r.resourceArns(arn)).tagDescriptions().stream()
                .flatMap(d -> d.tags().stream()).forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    static void requireOwned(ClusterContext context, Map<String, String> tags, String what) {
        if (!context.tags().owns(tags)) {
            throw new ResourceConflictException(what + " exists but belongs to "
                    + Optional.ofNullable(tags.get(ClusterTags.CLUSTER)).orElse("no WekaCluster"));
        }
    }

    /** Sets the desired tags whose value is missing or different; no call when none differ. */
    static void converge(ClusterContext context, String arn, Map<String, String> actual, Map<String, String> desired,
            String kind, String name) {
        Map<String, String> differing = new LinkedHashMap<>();
        desired.forEach((k, v) -> {
            if (!v.equals(actual.get(k))) {
                differing.put(k, v);
            }
        });
        if (!differing.isEmpty()) {
            context.aws().elb().addTags(r -> r.resourceArns(arn).tags(list(differing)));
            context.updated(kind, name, "tags " + String.join(", ", differing.keySet()));
        }
    }
}
