package io.weka.aws.operator.integration.resources;

import com.fasterxml.jackson.databind.JsonNode;
import io.weka.aws.operator.model.IamPolicies;
import io.weka.aws.operator.testenv.LocalAws;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/** Reads what IAM holds, for the IAM resources' tests: through the SDK, as the operator reads it. */
final class IamState {
    private final IamClient iam;

    IamState(IamClient iam) {
        this.iam = iam;
    }

    static String policyArn(String name) {
        return "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":policy/" + name;
    }

    Role role(String name) {
        return iam.getRole(r -> r.roleName(name)).role();
    }

    JsonNode trust(String roleName) {
        return IamPolicies.parse(role(roleName).assumeRolePolicyDocument());
    }

    /** Attached policies of a role, by ARN. */
    List<String> attached(String roleName) {
        return iam.listAttachedRolePoliciesPaginator(r -> r.roleName(roleName)).attachedPolicies().stream()
                .map(AttachedPolicy::policyArn).sorted().toList();
    }

    Policy policy(String name) {
        return iam.getPolicy(r -> r.policyArn(policyArn(name))).policy();
    }

    /** The default version's document of a customer-managed policy of this account. */
    JsonNode document(String policyName) {
        Policy policy = policy(policyName);
        return IamPolicies.parse(iam.getPolicyVersion(r -> r.policyArn(policy.arn())
                .versionId(policy.defaultVersionId())).policyVersion().document());
    }

    /** Replaces a policy's document behind the operator's back, as a person in the console would. */
    void tamper(String policyName, String document) {
        iam.createPolicyVersion(r -> r.policyArn(policyArn(policyName)).policyDocument(document).setAsDefault(true));
    }

    List<String> roleNames() {
        return iam.listRolesPaginator().roles().stream().map(Role::roleName).sorted().toList();
    }

    List<String> localPolicyNames() {
        return iam.listPoliciesPaginator(r -> r.scope(PolicyScopeType.LOCAL)).policies().stream()
                .map(Policy::policyName).sorted().toList();
    }

    static Map<String, String> tags(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
