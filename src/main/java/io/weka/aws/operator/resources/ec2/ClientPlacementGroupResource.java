package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.api.v1alpha1.spec.ClientsSpec;
import io.weka.aws.operator.model.InstanceGroup;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.GroupFacts;
import io.weka.aws.operator.resources.Removal;
import java.util.Set;

/**
 * The clients' own cluster-strategy placement group {@code <ec2>-<cluster>-client-placement-group}
 * (modules/clients aws_placement_group.this): made when clients leave the backends' group
 * (useBackendsPlacementGroup: false) without naming one, while placement groups are on.
 */
public final class ClientPlacementGroupResource implements AwsResource {
    @Override
    public String kind() {
        return "ClientsPlacementGroup";
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(GroupFacts.placementGroupName(InstanceGroup.CLIENTS));
    }

    @Override
    public boolean wanted(WekaClusterSpec spec) {
        ClientsSpec clients = spec.clients;
        return InstanceGroup.CLIENTS.wanted(spec) && spec.backends.usePlacementGroup
                && clients.placementGroupName == null && Boolean.FALSE.equals(clients.useBackendsPlacementGroup);
    }

    static String name(ClusterContext context) {
        return InstanceGroup.CLIENTS.name(context.names()) + "-placement-group";
    }

    @Override
    public void converge(ClusterContext context) {
        context.publish(GroupFacts.placementGroupName(InstanceGroup.CLIENTS), PlacementGroupResource.converge(context,
                kind(), PlacementGroupResource.desired(context, name(context))));
    }

    @Override
    public Removal delete(ClusterContext context) {
        return PlacementGroupResource.delete(context, kind(), name(context));
    }
}
