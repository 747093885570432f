package io.weka.aws.operator.resources.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weka.aws.operator.model.WekaFunction;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.events.ScaleDownRuleResource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AddPermissionRequest;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Lets EventBridge invoke the four functions of the scale-down state machine, from the scale-down rule only
 * (step_function.tf invoke_lambda_permission: one statement "AllowExecutionFromCloudWatch" per function).
 */
public final class FunctionPermissionsResource implements AwsResource {
    static final String STATEMENT_ID = "AllowExecutionFromCloudWatch";
    static final String PRINCIPAL = "events.amazonaws.com";
    static final String ACTION = "lambda:InvokeFunction";
    static final List<WekaFunction> FUNCTIONS = List.of(WekaFunction.FETCH, WekaFunction.SCALE_DOWN,
            WekaFunction.TERMINATE, WekaFunction.TRANSIENT);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String kind() {
        return "LambdaPermission";
    }

    @Override
    public Set<Fact<?>> needs() {
        return Set.of(Facts.FUNCTION_ARNS, Facts.SCALE_DOWN_RULE_ARN);
    }

    static List<AddPermissionRequest> desired(ClusterContext context) {
        String ruleArn = context.require(Facts.SCALE_DOWN_RULE_ARN);
        return FUNCTIONS.stream().map(f -> AddPermissionRequest.builder().functionName(context.names().function(f))
                .statementId(STATEMENT_ID).action(ACTION).principal(PRINCIPAL).sourceArn(ruleArn).build()).toList();
    }

    /** Whether a policy statement grants what the request asks for. */
    static boolean matches(JsonNode statement, AddPermissionRequest desired) {
        JsonNode principal = statement.path("Principal");
        String service = principal.isTextual() ? principal.asText() : principal.path("Service").asText();
        return "Allow".equals(statement.path("Effect").asText()) && desired.principal().equals(service)
                && desired.action().equals(statement.path("Action").asText())
                && desired.sourceArn().equals(statement.path("Condition").path("ArnLike").path("AWS:SourceArn").asText());
    }

    @Override
    public void converge(ClusterContext context) {
        LambdaClient lambda = context.aws().lambda();
        for (AddPermissionRequest desired : desired(context)) {
            String name = desired.functionName() + "/" + desired.statementId();
            Optional<JsonNode> actual = statement(lambda, desired.functionName(), desired.statementId());
            if (actual.isEmpty()) {
                context.aws().sentOnce().lambda().addPermission(desired);
                context.created(kind(), name);
            } else if (!matches(actual.get(), desired)) {
                lambda.removePermission(r -> r.functionName(desired.functionName()).statementId(desired.statementId()));
                context.aws().sentOnce().lambda().addPermission(desired);
                context.updated(kind(), name, "principal " + PRINCIPAL + ", source " + desired.sourceArn());
            }
            context.owns(kind(), name, null);
        }
    }

    /** The function policy's statement with this id, if the function has a policy and the policy has it. */
    private static Optional<JsonNode> statement(LambdaClient lambda, String function, String statementId) {
        String policy;
        try {
            policy = lambda.getPolicy(r -> r.functionName(function)).policy();
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
        try {
            JsonNode statements = JSON.readTree(policy).path("Statement");
            Iterable<JsonNode> all = statements.isArray() ? statements::elements : List.of(statements);
            return StreamSupport.stream(all.spliterator(), false)
                    .filter(s -> statementId.equals(s.path("Sid").asText())).findFirst();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the policy of function " + function + " is not JSON", e);
        }
    }

    /** The permissions are part of the functions' policies and go when the functions are deleted, just after. */
    @Override
    public Removal delete(ClusterContext context) {
        return Removal.GONE;
    }
}
