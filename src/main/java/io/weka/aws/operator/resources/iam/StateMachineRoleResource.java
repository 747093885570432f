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
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The scale-down state machine's role, {@code <iam>-<cluster>-sfn-role} ({@code modules/iam/step_function.tf}), with
 * {@code -sfn-policy}: invoke the cluster's functions and deliver its logs. With {@code spec.iam.stateMachineRoleArn}
 * that role is used and nothing is created.
 */
public final class StateMachineRoleResource implements AwsResource {
    static final String ROLE = "sfn-role";

    @Override
    public String kind() {
        return "StateMachineRole";
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(Facts.STATE_MACHINE_ROLE_ARN);
    }

    static DesiredRole desired(ClusterContext context) {
        ClusterNames names = context.names();
        IamPolicies documents = new IamPolicies(context.spec(), names);
        return new DesiredRole(names.iam(ROLE), IamPolicies.stateMachineTrust(),
                List.of(new DesiredPolicy(names.iam("sfn-policy"), documents.stateMachinePolicy())), List.of(), List.of());
    }

    @Override
    public void converge(ClusterContext context) {
        String existing = Optional.ofNullable(context.spec().iam).map(i -> i.stateMachineRoleArn).orElse(null);
        context.publish(Facts.STATE_MACHINE_ROLE_ARN,
                existing != null ? existing : new IamRoles(context).converge(desired(context)));
    }

    @Override
    public Removal delete(ClusterContext context) {
        return new IamRoles(context).delete(desired(context));
    }
}
