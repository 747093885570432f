package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Bring-your-own IAM, per role: each one given here is used as is and not created. */
public class IamSpec {
    @Pattern(Formats.INSTANCE_PROFILE_ARN)
    @JsonPropertyDescription("Backend instance profile (module: instance_iam_profile_arn).")
    public String instanceProfileArn;

    @Pattern(Formats.ROLE_ARN)
    @JsonPropertyDescription("Role of WEKA's functions (module: lambda_iam_role_arn).")
    public String lambdaRoleArn;

    @Pattern(Formats.ROLE_ARN)
    @JsonPropertyDescription("Role of the scale-down state machine (module: sfn_iam_role_arn).")
    public String stateMachineRoleArn;

    @Pattern(Formats.ROLE_ARN)
    @JsonPropertyDescription("Role EventBridge uses to start the state machine (module: event_iam_role_arn).")
    public String eventsRoleArn;

    @Size(max = 20)
    @JsonPropertyDescription("Extra statements for the backend role's policy "
            + "(module: additional_instance_iam_policy_statement).")
    public List<PolicyStatement> additionalInstancePolicyStatements;

    public static class PolicyStatement {
        @Default("Allow")
        @Pattern("^(Allow|Deny)$")
        @JsonPropertyDescription("Allow or Deny.")
        public String effect;

        @Required
        @Size(min = 1, max = 100)
        @JsonPropertyDescription("Actions, e.g. s3:GetObject.")
        public List<@Pattern("^([a-z0-9-]+:[A-Za-z0-9*]+|[*])$") String> actions;

        @Required
        @Size(min = 1, max = 100)
        @JsonPropertyDescription("Resource ARNs or *.")
        public List<@Size(min = 1, max = 2048) String> resources;
    }
}
