package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.model.ClusterNames;
import io.weka.aws.operator.model.IamPolicies;
import io.weka.aws.operator.testenv.Golden;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Every IAM document against a reviewed golden file, each checked statement for statement against
 * modules/iam of terraform-aws-weka v2.0.1 (ec2.tf, lambda.tf, step_function.tf, event.tf).
 */
class IamPoliciesTest {
    private static final String BASE = """
            region: us-east-1
            prefix: weka
            weka: {version: "4.4.10", tokenSecretRef: {name: t}}
            """;

    @Test
    void trustPolicies() {
        Golden.assertMatches("iam/backend-trust.json", IamPolicies.pretty(IamPolicies.backendTrust()));
        Golden.assertMatches("iam/lambda-trust.json", IamPolicies.pretty(IamPolicies.lambdaTrust()));
        Golden.assertMatches("iam/sfn-trust.json", IamPolicies.pretty(IamPolicies.stateMachineTrust()));
        Golden.assertMatches("iam/event-trust.json", IamPolicies.pretty(IamPolicies.eventsTrust()));
    }

    @Test
    void defaultClusterPolicies() {
        IamPolicies policies = policies("prod", BASE);

        Golden.assertMatches("iam/eni-policy.json", IamPolicies.pretty(policies.eniPolicy()));
        Golden.assertMatches("iam/invoke-lambda-function.json", IamPolicies.pretty(policies.invokeLambdaPolicy()));
        Golden.assertMatches("iam/send-log-to-cloud-watch-policy.json", IamPolicies.pretty(policies.backendLogPolicy()));
        Golden.assertMatches("iam/lambda-policy.json", IamPolicies.pretty(policies.lambdaPolicy()));
        Golden.assertMatches("iam/sfn-policy.json", IamPolicies.pretty(policies.stateMachinePolicy()));
        Golden.assertMatches("iam/event-policy.json", IamPolicies.pretty(policies.eventsPolicy()));
        assertThat(policies.obsPolicy()).isEmpty();
        assertThat(policies.additionalPolicy()).isEmpty();
    }

    @Test
    void tieringToTheDefaultBucketScopesTheBackendsToIt() {
        IamPolicies policies = policies("Prod", BASE + "tiering: {enabled: true}\n");

        assertThat(policies.obsName()).isEqualTo("weka-prod-obs");
        Golden.assertMatches("iam/obs-policy-default-bucket.json", IamPolicies.pretty(policies.obsPolicy().orElseThrow()));
    }

    @Test
    void tieringToAnExistingBucketScopesTheBackendsToItAndCreatesNoBucketPolicy() {
        IamPolicies policies = policies("prod", BASE + "tiering: {enabled: true, bucket: my-tier}\n");

        Golden.assertMatches("iam/obs-policy-bucket.json", IamPolicies.pretty(policies.obsPolicy().orElseThrow()));
    }

    @Test
    void theIamBucketPrefixWinsOverTheBucketInTheBackendsPolicy() {
        IamPolicies withBucket = policies("prod", BASE + "tiering: {enabled: true, bucket: tier-a, iamBucketPrefix: tier-}\n");
        IamPolicies withoutBucket = policies("prod", BASE + "tiering: {enabled: true, iamBucketPrefix: weka-prod}\n");

        Golden.assertMatches("iam/obs-policy-iam-bucket-prefix.json",
                IamPolicies.pretty(withBucket.obsPolicy().orElseThrow()));
        assertThat(withoutBucket.obsPolicy().orElseThrow().at("/Statement/0/Resource/0").asText())
                .isEqualTo("arn:aws:s3:::weka-prod*");
    }

    @Test
    void tieringOffWantsNoS3Policy() {
        IamPolicies policies = policies("prod", BASE + "tiering: {enabled: false, bucket: my-tier}\n");

        assertThat(policies.obsPolicy()).isEmpty();
    }

    @Test
    void additionalStatementsBecomeTheAdditionalPolicyAsGiven() {
        IamPolicies policies = policies("prod", BASE + """
                iam:
                  additionalInstancePolicyStatements:
                  - effect: Allow
                    actions: [s3:GetObject, s3:ListBucket]
                    resources: ["arn:aws:s3:::datasets", "arn:aws:s3:::datasets/*"]
                  - effect: Deny
                    actions: ["ec2:TerminateInstances"]
                    resources: ["*"]
                  - actions: ["kms:Decrypt"]
                    resources: ["*"]
                """);

        Golden.assertMatches("iam/additional-policy.json", IamPolicies.pretty(policies.additionalPolicy().orElseThrow()));
    }

    @Test
    void customPrefixesAndAnExistingStateTableShapeEveryScope() {
        IamPolicies policies = policies("prod", BASE + """
                customPrefix: {lambda: fn, cloudwatch: cw, ec2: vm, sfn: flow, db: ddb, secrets: vault/team, obs: tier}
                stateTable: {name: shared-state}
                tiering: {enabled: true}
                """);

        Golden.assertMatches("iam/custom-prefix/lambda-policy.json", IamPolicies.pretty(policies.lambdaPolicy()));
        Golden.assertMatches("iam/custom-prefix/invoke-lambda-function.json",
                IamPolicies.pretty(policies.invokeLambdaPolicy()));
        Golden.assertMatches("iam/custom-prefix/send-log-to-cloud-watch-policy.json",
                IamPolicies.pretty(policies.backendLogPolicy()));
        Golden.assertMatches("iam/custom-prefix/sfn-policy.json", IamPolicies.pretty(policies.stateMachinePolicy()));
        Golden.assertMatches("iam/custom-prefix/event-policy.json", IamPolicies.pretty(policies.eventsPolicy()));
        Golden.assertMatches("iam/custom-prefix/obs-policy.json", IamPolicies.pretty(policies.obsPolicy().orElseThrow()));
    }

    @Test
    void compactIsWhatTerraformsJsonencodeSends() {
        assertThat(IamPolicies.compact(policies("prod", BASE).eniPolicy())).isEqualTo("{\"Statement\":[{\"Action\":["
                + "\"ec2:DescribeNetworkInterfaces\",\"ec2:AttachNetworkInterface\",\"ec2:CreateNetworkInterface\","
                + "\"ec2:ModifyNetworkInterfaceAttribute\",\"ec2:DeleteNetworkInterface\",\"ec2:CreateTags\"],"
                + "\"Effect\":\"Allow\",\"Resource\":\"*\"}],\"Version\":\"2012-10-17\"}");
    }

    @Test
    void parseReadsIamsUrlEncodedDocumentsAndComparesRegardlessOfKeyOrderAndSpacing() {
        String reordered = "{ \"Version\": \"2012-10-17\", \"Statement\": [ { \"Resource\": \"*\", \"Effect\": \"Allow\","
                + " \"Action\": [\"ec2:DescribeNetworkInterfaces\", \"ec2:AttachNetworkInterface\","
                + " \"ec2:CreateNetworkInterface\", \"ec2:ModifyNetworkInterfaceAttribute\","
                + " \"ec2:DeleteNetworkInterface\", \"ec2:CreateTags\"] } ] }";
        String urlEncoded = URLEncoder.encode(reordered, StandardCharsets.UTF_8).replace("+", "%20");
        JsonNode desired = policies("prod", BASE).eniPolicy();

        assertThat(IamPolicies.parse(urlEncoded)).isEqualTo(desired);
        assertThat(IamPolicies.parse(reordered)).isEqualTo(desired);
        assertThat(IamPolicies.parse(urlEncoded.replace("CreateTags", "DeleteTags"))).isNotEqualTo(desired);
    }

    private static IamPolicies policies(String name, String spec) {
        WekaCluster cluster = Serialization.unmarshal("""
                apiVersion: aws.weka.io/v1alpha1
                kind: WekaCluster
                metadata: {name: %s, namespace: ns, uid: 9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d}
                spec:
                %s
                """.formatted(name, spec.indent(2)), WekaCluster.class);
        return new IamPolicies(cluster.getSpec(), new ClusterNames(cluster));
    }
}
