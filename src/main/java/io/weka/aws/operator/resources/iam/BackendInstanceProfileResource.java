package io.weka.aws.operator.resources.iam;

import io.weka.aws.operator.model.ClusterNames;
import io.weka.aws.operator.model.IamPolicies;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.iam.IamRoles.DesiredPolicy;
import io.weka.aws.operator.resources.iam.IamRoles.DesiredRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The backends' role {@code <iam>-<cluster>-iam-role} and instance profile {@code <iam>-<cluster>-instance-profile}
 * ({@code modules/iam/ec2.tf}): ENI, tiering, additional, invoke-function and log policies, and AWS's
 * AmazonEC2RoleforSSM. With {@code spec.iam.instanceProfileArn} that profile is used and nothing is created.
 */
public final class BackendInstanceProfileResource implements AwsResource {
    static final String ROLE = "iam-role";
    static final String PROFILE = "instance-profile";

    @Override
    public String kind() {
        return "BackendInstanceProfile";
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(Facts.INSTANCE_PROFILE_ARN);
    }

    static DesiredRole desired(ClusterContext context) {
        ClusterNames names = context.names();
        IamPolicies documents = new IamPolicies(context.spec(), names);
        List<DesiredPolicy> policies = new ArrayList<>();
        List<String> unwanted = new ArrayList<>();
        policies.add(new DesiredPolicy(names.iam("eni-policy"), documents.eniPolicy()));
        documents.obsPolicy().ifPresentOrElse(d -> policies.add(new DesiredPolicy(names.iam("obs-policy"), d)),
                () -> unwanted.add(names.iam("obs-policy")));
        documents.additionalPolicy().ifPresentOrElse(d -> policies.add(new DesiredPolicy(names.iam("additional-policy"), d)),
                () -> unwanted.add(names.iam("additional-policy")));
        policies.add(new DesiredPolicy(names.iam("invoke-lambda-function"), documents.invokeLambdaPolicy()));
        policies.add(new DesiredPolicy(names.iam("send-log-to-cloud-watch-policy"), documents.backendLogPolicy()));
        return new DesiredRole(names.iam(ROLE), IamPolicies.backendTrust(), List.copyOf(policies),
                List.of(IamPolicies.SSM_MANAGED_POLICY_ARN), List.copyOf(unwanted));
    }

    @Override
    public void converge(ClusterContext context) {
        String existing = Optional.ofNullable(context.spec().iam).map(i -> i.instanceProfileArn).orElse(null);
        if (existing != null) {
            context.publish(Facts.INSTANCE_PROFILE_ARN, existing);
            return;
        }
        IamRoles roles = new IamRoles(context);
        DesiredRole role = desired(context);
        roles.converge(role);
        context.publish(Facts.INSTANCE_PROFILE_ARN, roles.instanceProfile(context.names().iam(PROFILE), role.name()));
    }

    /** The role first (which lets go of the profile), then the profile when it is ours. */
    @Override
    public Removal delete(ClusterContext context) {
        IamRoles roles = new IamRoles(context);
        Removal role = roles.delete(desired(context));
        roles.deleteInstanceProfile(context.names().iam(PROFILE));
        return role;
    }
}
