package io.weka.aws.operator.resources.iam;

import io.weka.aws.operator.api.v1alpha1.spec.InstanceGroupSpec;
import io.weka.aws.operator.model.ClusterNames;
import io.weka.aws.operator.model.IamPolicies;
import io.weka.aws.operator.model.InstanceGroup;
import io.weka.aws.operator.model.InstanceGroupPolicies;
import io.weka.aws.operator.resources.InstanceGroupResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.GroupFacts;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.iam.IamRoles.DesiredPolicy;
import io.weka.aws.operator.resources.iam.IamRoles.DesiredRole;
import java.util.List;
import java.util.Set;

/**
 * The role and instance profile of an optional instance group (modules/clients/iam.tf,
 * modules/protocol_gateways/iam.tf, modules/data_services/iam.tf): {@code <iam>-<cluster>-<base>-iam-role} for
 * clients, {@code -role} for the others, {@code -instance-profile}, the group's policies and AmazonEC2RoleforSSM.
 * With the group's own instanceProfileArn that profile is used and nothing is created. Unlike the module, no client
 * role is created while there are no clients.
 */
public final class InstanceGroupProfileResource extends InstanceGroupResource {
    public InstanceGroupProfileResource(InstanceGroup group) {
        super(group, "InstanceProfile");
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(GroupFacts.instanceProfileArn(group));
    }

    static DesiredRole desired(InstanceGroup group, ClusterNames names) {
        List<DesiredPolicy> policies = new InstanceGroupPolicies(group, names).documents().entrySet().stream()
                .map(e -> new DesiredPolicy(group.policyName(names, e.getKey()), e.getValue())).toList();
        return new DesiredRole(group.roleName(names), IamPolicies.backendTrust(), policies,
                List.of(IamPolicies.SSM_MANAGED_POLICY_ARN), List.of());
    }

    @Override
    public void converge(ClusterContext context) {
        String existing = group.spec(context.spec()).map((InstanceGroupSpec g) -> g.instanceProfileArn).orElse(null);
        if (existing != null) {
            context.publish(GroupFacts.instanceProfileArn(group), existing);
            return;
        }
        IamRoles roles = new IamRoles(context);
        DesiredRole role = desired(group, context.names());
        roles.converge(role);
        context.publish(GroupFacts.instanceProfileArn(group),
                roles.instanceProfile(group.instanceProfileName(context.names()), role.name()));
    }

    /** Role and policies, then the profile, by name; a profile the spec brought is no part of it. */
    @Override
    public Removal delete(ClusterContext context) {
        IamRoles roles = new IamRoles(context);
        Removal role = roles.delete(desired(group, context.names()));
        roles.deleteInstanceProfile(group.instanceProfileName(context.names()));
        return role;
    }
}
