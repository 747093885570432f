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
 * The role of WEKA's functions, {@code <iam>-<cluster>-lambda-role} ({@code modules/iam/lambda.tf}): policy
 * {@code -lambda-policy} (logs, instances and ENIs, the state table, the cluster's secrets, the Auto Scaling group,
 * the cluster's functions) and, when clusterize must create the default tiering bucket, {@code -lambda-obs-policy}.
 * With {@code spec.iam.lambdaRoleArn} that role is used and nothing is created.
 */
public final class LambdaRoleResource implements AwsResource {
    static final String ROLE = "lambda-role";

    @Override
    public String kind() {
        return "LambdaRole";
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(Facts.LAMBDA_ROLE_ARN);
    }

    static DesiredRole desired(ClusterContext context) {
        ClusterNames names = context.names();
        IamPolicies documents = new IamPolicies(context.spec(), names);
        List<DesiredPolicy> policies = new ArrayList<>();
        List<String> unwanted = new ArrayList<>();
        policies.add(new DesiredPolicy(names.iam("lambda-policy"), documents.lambdaPolicy()));
        documents.lambdaObsPolicy().ifPresentOrElse(d -> policies.add(new DesiredPolicy(names.iam("lambda-obs-policy"), d)),
                () -> unwanted.add(names.iam("lambda-obs-policy")));
        return new DesiredRole(names.iam(ROLE), IamPolicies.lambdaTrust(), List.copyOf(policies), List.of(),
                List.copyOf(unwanted));
    }

    @Override
    public void converge(ClusterContext context) {
        String existing = Optional.ofNullable(context.spec().iam).map(i -> i.lambdaRoleArn).orElse(null);
        context.publish(Facts.LAMBDA_ROLE_ARN,
                existing != null ? existing : new IamRoles(context).converge(desired(context)));
    }

    @Override
    public Removal delete(ClusterContext context) {
        return new IamRoles(context).delete(desired(context));
    }
}
