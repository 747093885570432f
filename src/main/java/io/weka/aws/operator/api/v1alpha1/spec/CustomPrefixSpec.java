package io.weka.aws.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Per-service name prefixes replacing spec.prefix (module: custom_prefix). */
public class CustomPrefixSpec {
    @Size(min = 1, max = 20)
    @ValidationRule(value = Formats.IS_NAME_PART, messageExpression = Formats.NAME_PART_MESSAGE)
    @JsonPropertyDescription("Prefix of the load balancer and target group.")
    public String lb;

    @Size(min = 1, max = 40)
    @ValidationRule(value = Formats.IS_NAME_PART, messageExpression = Formats.NAME_PART_MESSAGE)
    @JsonPropertyDescription("Prefix of the DynamoDB table.")
    public String db;

    @Size(min = 1, max = 40)
    @ValidationRule(value = Formats.IS_NAME_PART, messageExpression = Formats.NAME_PART_MESSAGE)
    @JsonPropertyDescription("Prefix of KMS key aliases.")
    public String kms;

    @Size(min = 1, max = 40)
    @ValidationRule(value = Formats.IS_NAME_PART, messageExpression = Formats.NAME_PART_MESSAGE)
    @JsonPropertyDescription("Prefix of log groups and the EventBridge rule.")
    public String cloudwatch;

    @Size(min = 1, max = 40)
    @ValidationRule(value = Formats.IS_NAME_PART, messageExpression = Formats.NAME_PART_MESSAGE)
    @JsonPropertyDescription("Prefix of the state machine.")
    public String sfn;

    @Size(min = 1, max = 40)
    @ValidationRule(value = Formats.IS_NAME_PART, messageExpression = Formats.NAME_PART_MESSAGE)
    @JsonPropertyDescription("Prefix of function names.")
    public String lambda;

    @Size(min = 1, max = 100)
    @ValidationRule(value = "self.matches('^[A-Za-z0-9/_+=.@-]+$')",
            messageExpression = "'must be letters, digits and /_+=.@-'" + Formats.REFUSED_VALUE)
    @JsonPropertyDescription("Replaces the whole 'weka/<prefix>' part of secret names.")
    public String secrets;

    @Size(min = 1, max = 40)
    @ValidationRule(value = Formats.IS_NAME_PART, messageExpression = Formats.NAME_PART_MESSAGE)
    @JsonPropertyDescription("Prefix of EC2 names: launch templates, Auto Scaling groups, key pair, placement group.")
    public String ec2;

    @Size(min = 1, max = 40)
    @ValidationRule(value = Formats.IS_NAME_PART, messageExpression = Formats.NAME_PART_MESSAGE)
    @JsonPropertyDescription("Prefix of IAM roles, policies and instance profiles.")
    public String iam;

    @Size(min = 1, max = 40)
    @ValidationRule(value = "self.matches('^[a-z0-9]([a-z0-9-]*[a-z0-9])?$')",
            messageExpression = "'must be lowercase letters, digits and hyphens, starting and ending with a letter "
                    + "or digit (S3 bucket names are lowercase)'" + Formats.REFUSED_VALUE)
    @JsonPropertyDescription("Prefix of the created tiering bucket.")
    public String obs;
}
