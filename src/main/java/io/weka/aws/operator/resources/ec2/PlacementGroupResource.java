package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.ResourceConflictException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreatePlacementGroupRequest;
import software.amazon.awssdk.services.ec2.model.PlacementGroup;
import software.amazon.awssdk.services.ec2.model.PlacementStrategy;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** The backends' cluster-strategy placement group, unless disabled or an existing one is named. */
public final class PlacementGroupResource implements AwsResource {
    @Override
    public String kind() {
        return "PlacementGroup";
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(Facts.PLACEMENT_GROUP_NAME);
    }

    @Override
    public boolean wanted(WekaClusterSpec spec) {
        return spec.backends.usePlacementGroup;
    }

    static CreatePlacementGroupRequest desired(ClusterContext context) {
        return CreatePlacementGroupRequest.builder()
                .groupName(context.names().placementGroup())
                .strategy(PlacementStrategy.CLUSTER)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.PLACEMENT_GROUP)
                        .tags(context.tags().as((k, v) -> Tag.builder().key(k).value(v).build())).build())
                .build();
    }

    static boolean matches(PlacementGroup actual, CreatePlacementGroupRequest desired) {
        return actual.strategy() == desired.strategy();
    }

    @Override
    public void converge(ClusterContext context) {
        String existing = context.spec().backends.placementGroupName;
        if (existing != null) {
            context.publish(Facts.PLACEMENT_GROUP_NAME, existing);
            return;
        }
        Ec2Client ec2 = context.aws().ec2();
        CreatePlacementGroupRequest desired = desired(context);
        Optional<PlacementGroup> actual = ec2.describePlacementGroups(r -> r.filters(f -> f.name("group-name")
                .values(desired.groupName()))).placementGroups().stream().findFirst();
        if (actual.isEmpty()) {
            ec2.createPlacementGroup(desired);
            context.created(kind(), desired.groupName());
        } else {
            requireOwned(context, actual.get());
            if (!matches(actual.get(), desired)) {
                throw new ResourceConflictException("placement group " + desired.groupName() + " has strategy "
                        + actual.get().strategyAsString() + ", not cluster; placement groups cannot be changed: delete it");
            }
        }
        context.publish(Facts.PLACEMENT_GROUP_NAME, desired.groupName());
        context.owns(kind(), desired.groupName(), actual.map(PlacementGroup::groupArn).orElse(null));
    }

    private static void requireOwned(ClusterContext context, PlacementGroup group) {
        Map<String, String> tags = group.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
        if (!context.tags().owns(tags)) {
            throw new ResourceConflictException("placement group " + group.groupName() + " exists but belongs to "
                    + Optional.ofNullable(tags.get(ClusterTags.CLUSTER)).orElse("no WekaCluster"));
        }
    }
}
