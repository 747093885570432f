package io.weka.aws.operator.resources.iam;

import io.weka.aws.operator.resources.ClusterContext;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * Removes a role of the cluster with its instance profile and its customer-managed policies, found by name and
 * removed only when they carry the cluster's identity tag. Each step is idempotent, so a pass interrupted half way
 * is finished by the next one.
 */
final class IamRoleRemoval {
    private final ClusterContext context;
    private final IamClient iam;

    IamRoleRemoval(ClusterContext context) {
        this.context = context;
        this.iam = context.aws().iam();
    }

    void remove(String profileName, String roleName, List<String> policyNames) {
        Optional<InstanceProfile> profile = IamRoles.find(() -> iam.getInstanceProfile(r -> r
                .instanceProfileName(profileName)).instanceProfile());
        if (profile.isPresent() && context.tags().owns(IamRoles.tagMap(profile.get().tags()))) {
            profile.get().roles().forEach(role -> iam.removeRoleFromInstanceProfile(r -> r
                    .instanceProfileName(profileName).roleName(role.roleName())));
            iam.deleteInstanceProfile(r -> r.instanceProfileName(profileName));
            context.deleted(IamRoles.INSTANCE_PROFILE, profileName);
        }
        Optional<Role> role = IamRoles.find(() -> iam.getRole(r -> r.roleName(roleName)).role());
        if (role.isPresent() && context.tags().owns(IamRoles.tagMap(role.get().tags()))) {
            for (AttachedPolicy attached : iam.listAttachedRolePoliciesPaginator(r -> r.roleName(roleName))
                    .attachedPolicies()) {
                iam.detachRolePolicy(r -> r.roleName(roleName).policyArn(attached.policyArn()));
            }
            iam.deleteRole(r -> r.roleName(roleName));
            context.deleted(IamRoles.ROLE, roleName);
        }
        iam.listPoliciesPaginator(r -> r.scope(PolicyScopeType.LOCAL)).policies().stream()
                .filter(p -> policyNames.contains(p.policyName()))
                .forEach(this::removePolicy);
    }

    /** A policy of this cluster no longer attached anywhere: its old versions, then itself. */
    private void removePolicy(Policy listed) {
        String arn = listed.arn();
        Policy policy = iam.getPolicy(r -> r.policyArn(arn)).policy();
        if (!context.tags().owns(IamRoles.tagMap(policy.tags())) || policy.attachmentCount() > 0) {
            return; // not ours, or someone attached it elsewhere: leave it to them
        }
        iam.listPolicyVersions(r -> r.policyArn(arn)).versions().stream().filter(v -> !v.isDefaultVersion())
                .forEach(v -> iam.deletePolicyVersion(r -> r.policyArn(arn).versionId(v.versionId())));
        iam.deletePolicy(r -> r.policyArn(arn));
        context.deleted(IamRoles.POLICY, listed.policyName());
    }
}
