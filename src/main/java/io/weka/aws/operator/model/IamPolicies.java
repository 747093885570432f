package io.weka.aws.operator.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.api.v1alpha1.spec.IamSpec;
import io.weka.aws.operator.api.v1alpha1.spec.TieringSpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The IAM documents of a cluster, statement for statement as {@code modules/iam} of the Terraform module writes them
 * ({@code ec2.tf}, {@code lambda.tf}, {@code step_function.tf}, {@code event.tf}), so that WEKA's released functions
 * get exactly the permissions they were built for. Pure: everything derives from the spec and the names.
 *
 * <p>A string stays a string and a list stays a list where the module writes one or the other. Keys are sorted, as
 * Terraform's {@code jsonencode} sorts them, so the compact form is the very text the module sends to IAM.
 */
public final class IamPolicies {
    public static final String VERSION = "2012-10-17";
    /** The AWS-managed policy the module attaches to the backend role ({@code ec2_ssm_attachment}). */
    public static final String SSM_MANAGED_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private final WekaClusterSpec spec;
    private final ClusterNames names;

    public IamPolicies(WekaClusterSpec spec, ClusterNames names) {
        this.spec = spec;
        this.names = names;
    }

    // --- Trust policies ---------------------------------------------------------------------------------------

    /** Backend role ({@code aws_iam_role.iam_role}): the service principal is a plain string. */
    public static ObjectNode backendTrust() {
        return trust(NODES.textNode("ec2.amazonaws.com"));
    }

    /** Lambda role ({@code aws_iam_role.lambda_iam_role}): the service principal is a plain string. */
    public static ObjectNode lambdaTrust() {
        return trust(NODES.textNode("lambda.amazonaws.com"));
    }

    /** State machine role ({@code aws_iam_role.sfn_iam_role}): the service principal is a list. */
    public static ObjectNode stateMachineTrust() {
        return trust(list("states.amazonaws.com"));
    }

    /** EventBridge role ({@code aws_iam_role.event_iam_role}): events and states, as the module trusts both. */
    public static ObjectNode eventsTrust() {
        return trust(list("events.amazonaws.com", "states.amazonaws.com"));
    }

    private static ObjectNode trust(JsonNode service) {
        ObjectNode statement = NODES.objectNode();
        statement.put("Action", "sts:AssumeRole");
        statement.put("Effect", "Allow");
        statement.putObject("Principal").set("Service", service);
        return document(statement);
    }

    // --- Backend role's policies (ec2.tf) ---------------------------------------------------------------------

    /** {@code <iam>-<cluster>-eni-policy}; its one Resource is the string "*". */
    public ObjectNode eniPolicy() {
        return document(statement(list("ec2:DescribeNetworkInterfaces", "ec2:AttachNetworkInterface",
                "ec2:CreateNetworkInterface", "ec2:ModifyNetworkInterfaceAttribute", "ec2:DeleteNetworkInterface",
                "ec2:CreateTags"), NODES.textNode("*")));
    }

    /** {@code <iam>-<cluster>-obs-policy}, only with tiering. */
    public Optional<ObjectNode> obsPolicy() {
        if (!tieringEnabled()) {
            return Optional.empty();
        }
        return Optional.of(document(statement(list("s3:DeleteObject", "s3:GetObject", "s3:ListBucket", "s3:PutObject"),
                list("arn:aws:s3:::" + obsName() + "*"))));
    }

    /**
     * The module's {@code local.obs_name} in {@code modules/iam}: the root passes tiering_obs_iam_bucket_prefix, else
     * tiering_obs_name, and an empty one becomes the lower-cased default bucket {@code <obs>-<cluster>-obs}.
     */
    public String obsName() {
        TieringSpec tiering = tiering();
        return nonBlank(tiering.iamBucketPrefix).or(() -> nonBlank(tiering.bucket)).orElseGet(names::tieringBucket);
    }

    /** {@code <iam>-<cluster>-additional-policy}, only with additional statements; they become its statements. */
    public Optional<ObjectNode> additionalPolicy() {
        List<IamSpec.PolicyStatement> statements = Optional.ofNullable(spec.iam)
                .map(i -> i.additionalInstancePolicyStatements).orElse(List.of());
        if (statements.isEmpty()) {
            return Optional.empty();
        }
        ArrayNode array = NODES.arrayNode();
        for (IamSpec.PolicyStatement s : statements) {
            ObjectNode statement = array.addObject();
            statement.put("Effect", Optional.ofNullable(s.effect).orElse("Allow"));
            statement.set("Action", list(s.actions.toArray(String[]::new)));
            statement.set("Resource", list(s.resources.toArray(String[]::new)));
        }
        return Optional.of(document(array));
    }

    /** {@code <iam>-<cluster>-invoke-lambda-function}: every function of the cluster. */
    public ObjectNode invokeLambdaPolicy() {
        return document(statement(list("lambda:InvokeFunction"),
                list("arn:aws:lambda:*:*:function:" + names.functionPrefix() + "*")));
    }

    /** {@code <iam>-<cluster>-send-log-to-cloud-watch-policy}: the backends' log groups. */
    public ObjectNode backendLogPolicy() {
        return document(statement(list("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
                "logs:DescribeLogStreams", "logs:PutRetentionPolicy"),
                list("arn:aws:logs:*:*:log-group:" + names.backendLogGroup() + "*")));
    }

    // --- Lambda role's policies (lambda.tf) -------------------------------------------------------------------

    /** {@code <iam>-<cluster>-lambda-policy}. */
    public ObjectNode lambdaPolicy() {
        ArrayNode statements = NODES.arrayNode();
        statements.add(statement(list("logs:CreateLogStream", "logs:PutLogEvents"), list("arn:aws:logs:*:*:log-group:/aws/lambda/"
                + names.cloudwatchPrefix() + "/" + names.functionPrefix() + "*:*")));
        statements.add(statement(list("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces",
                "ec2:DeleteNetworkInterface", "ec2:ModifyInstanceAttribute", "ec2:TerminateInstances",
                "ec2:DescribeInstances", "ec2:CreateTags"), list("*")));
        statements.add(statement(list("dynamodb:GetItem", "dynamodb:UpdateItem"),
                list("arn:aws:dynamodb:*:*:table/" + stateTableName())));
        statements.add(statement(list("secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"),
                list("arn:aws:secretsmanager:*:*:secret:" + names.secretPrefix() + "*")));
        statements.add(statement(list("autoscaling:DetachInstances", "autoscaling:DescribeAutoScalingGroups",
                "autoscaling:SetInstanceProtection"), list("*")));
        statements.add(statement(list("lambda:InvokeFunction"),
                list("arn:aws:lambda:*:*:function:" + names.functionPrefix() + "*")));
        return document(statements);
    }

    /** The state table: the spec's existing one, or {@code <db>-<cluster>-weka-deployment}. */
    public String stateTableName() {
        return Optional.ofNullable(spec.stateTable).flatMap(t -> nonBlank(t.name)).orElseGet(names::stateTable);
    }

    // --- State machine and EventBridge roles' policies (step_function.tf, event.tf) -----------------------------

    /** {@code <iam>-<cluster>-sfn-policy}. */
    public ObjectNode stateMachinePolicy() {
        ArrayNode statements = NODES.arrayNode();
        statements.add(statement(list("lambda:InvokeFunction"),
                list("arn:aws:lambda:*:*:function:" + names.functionPrefix() + "-*-lambda")));
        statements.add(statement(list("logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
                "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutLogEvents", "logs:PutResourcePolicy",
                "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"), list("*")));
        return document(statements);
    }

    /** {@code <iam>-<cluster>-event-policy}: start the scale-down state machine. */
    public ObjectNode eventsPolicy() {
        return document(statement(list("states:StartExecution"),
                list("arn:aws:states:*:*:stateMachine:" + names.stateMachine())));
    }

    // --- JSON -----------------------------------------------------------------------------------------------

    /** Canonical text for review and golden files: keys sorted, two-space indentation, one array item a line. */
    public static String pretty(JsonNode document) {
        try {
            return MAPPER.writer(PRETTY).writeValueAsString(sorted(document)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What is sent to IAM: keys sorted, no whitespace, as Terraform's jsonencode writes it. */
    public static String compact(JsonNode document) {
        try {
            return MAPPER.writeValueAsString(sorted(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A document as IAM returns it (URL-encoded, RFC 3986) or as sent; compare parsed documents, never text. */
    public static JsonNode parse(String document) {
        String text = document.strip();
        if (!text.startsWith("{")) {
            text = URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a policy document: " + document, e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            node.properties().forEach(e -> fields.put(e.getKey(), sorted(e.getValue())));
            ObjectNode copy = NODES.objectNode();
            fields.forEach(copy::set);
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(item -> copy.add(sorted(item)));
            return copy;
        }
        return node;
    }

    static ObjectNode document(JsonNode statements) {
        ObjectNode document = NODES.objectNode();
        document.put("Version", VERSION);
        document.set("Statement", statements.isArray() ? statements : NODES.arrayNode().add(statements));
        return document;
    }

    static ObjectNode statement(JsonNode actions, JsonNode resources) {
        ObjectNode statement = NODES.objectNode();
        statement.put("Effect", "Allow");
        statement.set("Action", actions);
        statement.set("Resource", resources);
        return statement;
    }

    static ArrayNode list(String... values) {
        ArrayNode array = NODES.arrayNode();
        for (String value : values) {
            array.add(value);
        }
        return array;
    }

    private boolean tieringEnabled() {
        return Boolean.TRUE.equals(tiering().enabled);
    }

    private TieringSpec tiering() {
        return Optional.ofNullable(spec.tiering).orElseGet(TieringSpec::new);
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
