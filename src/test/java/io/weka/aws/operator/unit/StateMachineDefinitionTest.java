package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.weka.aws.operator.model.StateMachineDefinition;
import io.weka.aws.operator.testenv.Golden;
import org.junit.jupiter.api.Test;

class StateMachineDefinitionTest {
    private static final String FN = "arn:aws:lambda:us-east-1:123456789012:function:weka-prod-";
    private static final String DEFINITION = StateMachineDefinition.of(FN + "fetch-lambda", FN + "scale-down-lambda",
            FN + "terminate-lambda", FN + "transient-lambda");

    /** step_function.tf's heredoc, with its odd indentation and tab, as the module sends it. */
    private static final String MODULE_HEREDOC = """
              {
              "Comment": "Run Fetch function for scale down",
              "StartAt": "Fetch",
              "States": {
                "Fetch": {
                  "Type": "Task",
                  "Resource": "%1$sfetch-lambda",
                  "Next": "ScaleDown"
                },
                "ScaleDown" : {
                    "Type": "Task",
                    "Resource": "%1$sscale-down-lambda",
                    "Next": "Terminate"
                },
                "Terminate":{
                  "Type": "Task",
                    "Resource": "%1$sterminate-lambda",
                  "Next": "ErrorCheck"
                },
                "ErrorCheck" :{
                  "Type": "Choice",
                  "Choices": [
                    {
                      "Variable": "$.TransientErrors",
                      "IsNull": false,
                      "Next": "Transient"
            \t\t}
                   ],
                  "Default": "Success"
                },
                "Success": {
                  "Type": "Succeed",
                  "Comment": "Scale Down Succeed."
                },
                "Transient": {
                  "Type": "Task",
                    "Resource": "%1$stransient-lambda",

                "End":true
              }
              }
            }
            """.formatted(FN);

    @Test
    void matchesItsGoldenFile() {
        Golden.assertMatches("sfn/scale-down-definition.json", DEFINITION);
    }

    @Test
    void saysExactlyWhatTheModulesDefinitionSays() {
        assertThat(StateMachineDefinition.parse(DEFINITION)).isEqualTo(StateMachineDefinition.parse(MODULE_HEREDOC));
        assertThat(StateMachineDefinition.equivalent(DEFINITION, MODULE_HEREDOC)).isTrue();
    }

    @Test
    void chainsFetchScaleDownTerminateAndChecksForTransientErrors() {
        JsonNode states = StateMachineDefinition.parse(DEFINITION).path("States");

        assertThat(StateMachineDefinition.parse(DEFINITION).path("StartAt").asText()).isEqualTo("Fetch");
        assertThat(states.path("Fetch").path("Next").asText()).isEqualTo("ScaleDown");
        assertThat(states.path("ScaleDown").path("Resource").asText()).isEqualTo(FN + "scale-down-lambda");
        assertThat(states.path("Terminate").path("Next").asText()).isEqualTo("ErrorCheck");
        assertThat(states.path("ErrorCheck").path("Choices").get(0).path("IsNull").asBoolean(true)).isFalse();
        assertThat(states.path("Transient").path("End").asBoolean()).isTrue();
        assertThat(states.findValues("Retry")).isEmpty();
    }

    @Test
    void anotherFunctionOrBrokenTextIsNotEquivalent() {
        String other = StateMachineDefinition.of(FN + "fetch-lambda", FN + "scale-down-lambda", FN + "terminate-lambda",
                FN + "other-lambda");

        assertThat(StateMachineDefinition.equivalent(DEFINITION, other)).isFalse();
        assertThat(StateMachineDefinition.equivalent(DEFINITION, "{not json")).isFalse();
        assertThat(StateMachineDefinition.equivalent("{not json", "{not json")).isFalse();
        assertThat(StateMachineDefinition.equivalent(DEFINITION, null)).isFalse();
    }

    @Test
    void aMissingFunctionIsAnError() {
        assertThatThrownBy(() -> StateMachineDefinition.of(FN + "fetch-lambda", null, null, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("ScaleDown");
    }
}
