package io.weka.aws.operator.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;

/**
 * The scale-down state machine's definition, state for state as step_function.tf (v2.0.1) writes it:
 * Fetch → ScaleDown → Terminate → ErrorCheck, which goes to Transient when the output has TransientErrors and to
 * Success otherwise. No Retry or Catch, as in the module: a failed run is followed by the next one a minute later.
 */
public final class StateMachineDefinition {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StateMachineDefinition() {
    }

    /** The definition for this cluster's functions, taken by name from {@code functionArns} (name → ARN). */
    public static String of(ClusterNames names, Map<String, String> functionArns) {
        return of(arn(names, functionArns, WekaFunction.FETCH), arn(names, functionArns, WekaFunction.SCALE_DOWN),
                arn(names, functionArns, WekaFunction.TERMINATE), arn(names, functionArns, WekaFunction.TRANSIENT));
    }

    public static String of(String fetchArn, String scaleDownArn, String terminateArn, String transientArn) {
        ObjectNode definition = JSON.createObjectNode();
        definition.put("Comment", "Run Fetch function for scale down");
        definition.put("StartAt", "Fetch");
        ObjectNode states = definition.putObject("States");
        task(states, "Fetch", fetchArn).put("Next", "ScaleDown");
        task(states, "ScaleDown", scaleDownArn).put("Next", "Terminate");
        task(states, "Terminate", terminateArn).put("Next", "ErrorCheck");
        ObjectNode check = states.putObject("ErrorCheck");
        check.put("Type", "Choice");
        ObjectNode choice = check.putArray("Choices").addObject();
        choice.put("Variable", "$.TransientErrors");
        choice.put("IsNull", false);
        choice.put("Next", "Transient");
        check.put("Default", "Success");
        ObjectNode success = states.putObject("Success");
        success.put("Type", "Succeed");
        success.put("Comment", "Scale Down Succeed.");
        task(states, "Transient", transientArn).put("End", true);
        try {
            return JSON.writeValueAsString(definition) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether two definitions say the same, whatever their formatting (AWS keeps the text as it was given). */
    public static boolean equivalent(String a, String b) {
        JsonNode parsed = parse(a);
        return parsed != null && parsed.equals(parse(b));
    }

    /** The definition as a JSON tree; null for text that is not JSON, which then equals nothing we build. */
    public static JsonNode parse(String definition) {
        if (definition == null) {
            return null;
        }
        try {
            return JSON.readTree(definition);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static ObjectNode task(ObjectNode states, String name, String resource) {
        ObjectNode task = states.putObject(name);
        task.put("Type", "Task");
        task.put("Resource", Objects.requireNonNull(resource, name));
        return task;
    }

    private static String arn(ClusterNames names, Map<String, String> functionArns, WekaFunction function) {
        String arn = functionArns.get(names.function(function));
        if (arn == null) {
            throw new IllegalArgumentException("no ARN for function " + names.function(function));
        }
        return arn;
    }
}
