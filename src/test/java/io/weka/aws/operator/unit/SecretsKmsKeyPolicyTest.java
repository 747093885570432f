package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weka.aws.operator.resources.kms.SecretsKmsKeyResource;
import io.weka.aws.operator.testenv.Golden;
import org.junit.jupiter.api.Test;

class SecretsKmsKeyPolicyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The jsonencode(...) of modules/kms/main.tf (aws_kms_key_policy.kms_key_policy), transcribed to JSON. */
    private static final String MODULE_POLICY = """
            {
              "Version": "2012-10-17",
              "Id": "key-default-1",
              "Statement": [
                {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
                 "Principal": {"AWS": "arn:aws:iam::${account_id}:root"}, "Action": "kms:*", "Resource": "*"},
                {"Sid": "Allow service-linked role use of the customer managed key", "Effect": "Allow",
                 "Principal": {"AWS": "${var.principal}"},
                 "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                 "Resource": "*"},
                {"Sid": "Allow service-linked role use of the customer managed key", "Effect": "Allow",
                 "Principal": {"AWS": "${var.principal}"}, "Action": ["kms:CreateGrant"], "Resource": "*",
                 "Condition": {"Bool": {"kms:GrantIsForAWSResource": true}}}
              ]
            }
            """;

    @Test
    void theSecretsKeyPolicyIsTheKmsModulesPolicy() throws Exception {
        String policy = SecretsKmsKeyResource.policy("123456789012", "arn:aws:iam::123456789012:role/weka-prod-lambda-role");

        Golden.assertMatches("secrets/kms-key-policy.json",
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(policy)) + "\n");
        assertThat(JSON.readTree(policy)).isEqualTo(JSON.readTree(MODULE_POLICY.replace("${account_id}", "123456789012")
                .replace("${var.principal}", "arn:aws:iam::123456789012:role/weka-prod-lambda-role")));
    }

    @Test
    void theKeyPolicyFollowsThePartitionOfTheRole() throws Exception {
        String policy = SecretsKmsKeyResource.policy("123456789012", "arn:aws-cn:iam::123456789012:role/r");

        assertThat(JSON.readTree(policy).at("/Statement/0/Principal/AWS").asText())
                .isEqualTo("arn:aws-cn:iam::123456789012:root");
    }
}
