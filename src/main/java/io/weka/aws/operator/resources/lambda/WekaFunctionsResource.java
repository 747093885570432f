package io.weka.aws.operator.resources.lambda;

import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.model.WekaFunction;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.ResourceConflictException;
import io.weka.aws.operator.resources.logs.LogGroupsResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * WEKA's eleven released functions (lambdas.tf): created from the release zip in S3; afterwards only what differs
 * from the definition is changed, the configuration and the code each by its own call. Publishes their ARNs.
 */
public final class WekaFunctionsResource implements AwsResource {
    @Override
    public String kind() {
        return "LambdaFunction";
    }

    @Override
    public Set<Fact<?>> needs() {
        return Set.of(Facts.LAMBDA_ROLE_ARN, Facts.STATE_TABLE_NAME, Facts.TOKEN_SECRET_ID, Facts.USERNAME_SECRET_ID,
                Facts.ADMIN_PASSWORD_SECRET_ID, Facts.DEPLOYMENT_PASSWORD_SECRET_ID, Facts.ALB_ARN_SUFFIX,
                Facts.SUBNET_ID, Facts.SECURITY_GROUP_IDS, Facts.LOG_GROUP_ARNS);
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(Facts.FUNCTION_ARNS);
    }

    /** Every function's definition, in the order of {@link WekaFunction}. */
    static List<FunctionDefinition> desired(ClusterContext context) {
        List<FunctionDefinition> all = new ArrayList<>();
        for (WekaFunction function : WekaFunction.values()) {
            all.add(FunctionDefinition.desired(context, function));
        }
        return all;
    }

    @Override
    public void converge(ClusterContext context) {
        LambdaClient lambda = context.aws().lambda();
        Map<String, String> arns = new LinkedHashMap<>();
        for (FunctionDefinition desired : desired(context)) {
            String arn = converge(context, lambda, desired);
            arns.put(desired.name(), arn);
            context.owns(kind(), desired.name(), arn);
        }
        context.publish(Facts.FUNCTION_ARNS, Map.copyOf(arns));
    }

    private String converge(ClusterContext context, LambdaClient lambda, FunctionDefinition desired) {
        Optional<GetFunctionResponse> found = find(lambda, desired.name());
        if (found.isEmpty()) {
            String arn = context.aws().sentOnce().lambda().createFunction(desired.createRequest()).functionArn();
            context.created(kind(), desired.name());
            return arn;
        }
        FunctionConfiguration actual = found.get().configuration();
        Map<String, String> tags = found.get().tags();
        requireOwned(context, desired.name(), tags);
        List<String> changed = new ArrayList<>();
        List<String> differences = desired.configurationDifferences(actual);
        if (!differences.isEmpty()) {
            lambda.updateFunctionConfiguration(desired.configurationRequest());
            changed.add("configuration: " + String.join(", ", differences));
        }
        if (desired.codeDiffers(actual, tags)) {
            if (!differences.isEmpty()) {
                // Lambda refuses a second update while the first is in progress (a few seconds on AWS).
                lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName(desired.name()));
            }
            lambda.updateFunctionCode(desired.codeRequest());
            changed.add("code: " + desired.s3Bucket() + "/" + desired.s3Key());
        }
        Map<String, String> missing = new LinkedHashMap<>();
        desired.tags().forEach((k, v) -> {
            if (!v.equals(tags.get(k))) {
                missing.put(k, v);
            }
        });
        if (!missing.isEmpty()) {
            lambda.tagResource(r -> r.resource(actual.functionArn()).tags(missing));
            // The code tag only follows the code, whose change is reported above.
            List<String> keys = missing.keySet().stream().filter(k -> !k.equals(FunctionDefinition.CODE_TAG)).toList();
            if (!keys.isEmpty()) {
                changed.add("tags: " + String.join(", ", keys));
            }
        }
        if (!changed.isEmpty()) {
            context.updated(kind(), desired.name(), String.join("; ", changed));
        }
        return actual.functionArn();
    }

    /** Deleting a function takes its event permissions with it. */
    @Override
    public Removal delete(ClusterContext context) {
        LambdaClient lambda = context.aws().lambda();
        for (WekaFunction function : WekaFunction.values()) {
            String name = context.names().function(function);
            if (find(lambda, name).filter(found -> context.tags().owns(found.tags())).isPresent()) {
                lambda.deleteFunction(r -> r.functionName(name));
                context.deleted(kind(), name);
            }
        }
        return Removal.GONE;
    }

    private static Optional<GetFunctionResponse> find(LambdaClient lambda, String name) {
        try {
            return Optional.of(lambda.getFunction(r -> r.functionName(name)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static void requireOwned(ClusterContext context, String name, Map<String, String> tags) {
        if (!context.tags().owns(tags)) {
            throw new ResourceConflictException("function " + name + " exists but belongs to "
                    + Optional.ofNullable(tags.get(ClusterTags.CLUSTER)).orElse("no WekaCluster"));
        }
    }
}
