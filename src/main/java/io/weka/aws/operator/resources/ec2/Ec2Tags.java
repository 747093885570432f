package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.ResourceConflictException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** EC2 tags: building them, the identity check, and setting the ones that differ (never removing others'). */
final class Ec2Tags {
    private Ec2Tags() {
    }

    static List<Tag> list(Map<String, String> tags) {
        return ClusterTags.as(tags, (k, v) -> Tag.builder().key(k).value(v).build());
    }

    static TagSpecification spec(ResourceType type, Map<String, String> tags) {
        return TagSpecification.builder().resourceType(type).tags(list(tags)).build();
    }

    static Map<String, String> map(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b, LinkedHashMap::new));
    }

    /** The desired tags whose value is missing or different in {@code actual}. */
    static Map<String, String> differing(Map<String, String> actual, Map<String, String> desired) {
        Map<String, String> differing = new LinkedHashMap<>();
        desired.forEach((k, v) -> {
            if (!v.equals(actual.get(k))) {
                differing.put(k, v);
            }
        });
        return differing;
    }

    /** Whether an EC2 resource carries this cluster's identity: the only ones it may delete. */
    static boolean owned(ClusterContext context, List<Tag> tags) {
        return context.tags().owns(map(tags));
    }

    /** A namesake that is not this cluster's is never taken over. */
    static void requireOwned(ClusterContext context, Map<String, String> tags, String what) {
        if (!context.tags().owns(tags)) {
            throw new ResourceConflictException(what + " exists but belongs to "
                    + Optional.ofNullable(tags.get(ClusterTags.CLUSTER)).orElse("no WekaCluster"));
        }
    }

    /** Sets the desired tags that differ on an EC2 resource, and reports it; no call when none differ. */
    static void converge(ClusterContext context, String resourceId, Map<String, String> actual,
            Map<String, String> desired, String kind, String name) {
        Map<String, String> differing = differing(actual, desired);
        if (!differing.isEmpty()) {
            context.aws().ec2().createTags(r -> r.resources(resourceId).tags(list(differing)));
            context.updated(kind, name, "tags " + String.join(", ", differing.keySet()));
        }
    }
}
