package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Bring-your-own IAM, per role: each one given here is used as is and not created. */
public class IamSpec {
    @Size(max = Formats.ARN_LENGTH)
    @ValidationRule(value = Formats.IS_INSTANCE_PROFILE_ARN, messageExpression = Formats.INSTANCE_PROFILE_ARN_MESSAGE)
    @JsonPropertyDescription("Backend instance profile (module: instance_iam_profile_arn).")
    public String instanceProfileArn;

    @Size(max = Formats.ARN_LENGTH)
    @ValidationRule(value = Formats.IS_ROLE_ARN, messageExpression = Formats.ROLE_ARN_MESSAGE)
    @JsonPropertyDescription("Role of WEKA's functions (module: lambda_iam_role_arn).")
    public String lambdaRoleArn;

    @Size(max = Formats.ARN_LENGTH)
    @ValidationRule(value = Formats.IS_ROLE_ARN, messageExpression = Formats.ROLE_ARN_MESSAGE)
    @JsonPropertyDescription("Role of the scale-down state machine (module: sfn_iam_role_arn).")
    public String stateMachineRoleArn;

    @Size(max = Formats.ARN_LENGTH)
    @ValidationRule(value = Formats.IS_ROLE_ARN, messageExpression = Formats.ROLE_ARN_MESSAGE)
    @JsonPropertyDescription("Role EventBridge uses to start the state machine (module: event_iam_role_arn).")
    public String eventsRoleArn;

    @Size(max = 20)
    @JsonPropertyDescription("Extra statements for the backend role's policy "
            + "(module: additional_instance_iam_policy_statement).")
    public List<PolicyStatement> additionalInstancePolicyStatements;

    public static class PolicyStatement {
        @Default("Allow")
        @ValidationRule(value = "self in ['Allow', 'Deny']",
                messageExpression = "'must be Allow or Deny'" + Formats.REFUSED_VALUE)
        @JsonPropertyDescription("Allow or Deny. Default: Allow.")
        public String effect;

        @Required
        @Size(min = 1, max = 100)
        @ValidationRule(value = "self.all(a, a.matches('^([a-z0-9-]+:[A-Za-z0-9*]+|[*])$'))",
                messageExpression = "'must be IAM actions like s3:GetObject, or *, not \"' + self.filter(a, "
                        + "!a.matches('^([a-z0-9-]+:[A-Za-z0-9*]+|[*])$'))[0] + '\"'")
        @JsonPropertyDescription("Actions, e.g. s3:GetObject.")
        public List<@Size(max = 128) String> actions;

        @Required
        @Size(min = 1, max = 100)
        @JsonPropertyDescription("Resource ARNs or *.")
        public List<@Size(min = 1, max = 2048) String> resources;
    }
}
