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
 * The role of WEKA's functions, {@code <iam>-<cluster>-lambda-role} ({@code modules/iam/lambda.tf}): policy
 * {@code -lambda-policy} (logs, instances and ENIs, the state table, the cluster's secrets, the Auto Scaling group,
 * the cluster's functions). The module's {@code -lambda-obs-policy}, which let clusterize create the default tiering
 * bucket, is not needed: the operator creates that bucket itself (TieringBucketResource) and hands clusterize its
 * name. With {@code spec.iam.lambdaRoleArn} that role is used and nothing is created.
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
        return new DesiredRole(names.iam(ROLE), IamPolicies.lambdaTrust(),
                List.of(new DesiredPolicy(names.iam("lambda-policy"), documents.lambdaPolicy())), List.of(), List.of());
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
