package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.ResourceConflictException;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreatePlacementGroupRequest;
import software.amazon.awssdk.services.ec2.model.PlacementGroup;
import software.amazon.awssdk.services.ec2.model.PlacementStrategy;
import software.amazon.awssdk.services.ec2.model.ResourceType;

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
                .tagSpecifications(Ec2Tags.spec(ResourceType.PLACEMENT_GROUP, context.tags().common()))
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
            Ec2Tags.requireOwned(context, Ec2Tags.map(actual.get().tags()), "placement group " + desired.groupName());
            if (!matches(actual.get(), desired)) {
                throw new ResourceConflictException("placement group " + desired.groupName() + " has strategy "
                        + actual.get().strategyAsString() + ", not cluster; placement groups cannot be changed: delete it");
            }
        }
        context.publish(Facts.PLACEMENT_GROUP_NAME, desired.groupName());
        context.owns(kind(), desired.groupName(), actual.map(PlacementGroup::groupArn).orElse(null));
    }

    @Override
    public Removal delete(ClusterContext context) {
        Ec2Client ec2 = context.aws().ec2();
        String name = context.names().placementGroup();
        Optional<PlacementGroup> found = ec2.describePlacementGroups(r -> r.filters(f -> f.name("group-name")
                .values(name))).placementGroups().stream().filter(g -> Ec2Tags.owned(context, g.tags())).findFirst();
        if (found.isEmpty()) {
            return Removal.GONE;
        }
        Removal removal = Removal.attempt(() -> ec2.deletePlacementGroup(r -> r.groupName(name)));
        if (removal == Removal.GONE) {
            context.deleted(kind(), name);
        }
        return removal;
    }
}
