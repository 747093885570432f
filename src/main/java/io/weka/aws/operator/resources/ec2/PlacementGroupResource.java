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
        return desired(context, context.names().placementGroup());
    }

    static CreatePlacementGroupRequest desired(ClusterContext context, String name) {
        return CreatePlacementGroupRequest.builder()
                .groupName(name)
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
        context.publish(Facts.PLACEMENT_GROUP_NAME, converge(context, kind(), desired(context)));
    }

    /** Creates the group, or checks that the one found is ours and of the cluster strategy; returns its name. */
    static String converge(ClusterContext context, String kind, CreatePlacementGroupRequest desired) {
        Ec2Client ec2 = context.aws().ec2();
        Optional<PlacementGroup> actual = ec2.describePlacementGroups(r -> r.filters(f -> f.name("group-name")
                .values(desired.groupName()))).placementGroups().stream().findFirst();
        if (actual.isEmpty()) {
            context.aws().sentOnce().ec2().createPlacementGroup(desired);
            context.created(kind, desired.groupName());
        } else {
            Ec2Tags.requireOwned(context, Ec2Tags.map(actual.get().tags()), "placement group " + desired.groupName());
            if (!matches(actual.get(), desired)) {
                throw new ResourceConflictException("placement group " + desired.groupName() + " has strategy "
                        + actual.get().strategyAsString() + ", not cluster; placement groups cannot be changed: delete it");
            }
        }
        context.owns(kind, desired.groupName(), actual.map(PlacementGroup::groupArn).orElse(null));
        return desired.groupName();
    }

    @Override
    public Removal delete(ClusterContext context) {
        return delete(context, kind(), context.names().placementGroup());
    }

    /** Deletes the group when it is ours; in progress while instances still use it. */
    static Removal delete(ClusterContext context, String kind, String name) {
        Ec2Client ec2 = context.aws().ec2();
        Optional<PlacementGroup> found = ec2.describePlacementGroups(r -> r.filters(f -> f.name("group-name")
                .values(name))).placementGroups().stream().filter(g -> Ec2Tags.owned(context, g.tags())).findFirst();
        if (found.isEmpty()) {
            return Removal.GONE;
        }
        Removal removal = Removal.attempt(() -> ec2.deletePlacementGroup(r -> r.groupName(name)));
        if (removal == Removal.GONE) {
            context.deleted(kind, name);
        }
        return removal;
    }
}
