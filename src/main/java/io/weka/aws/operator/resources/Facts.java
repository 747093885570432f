package io.weka.aws.operator.resources;

import java.util.List;
import java.util.Map;

/** Every fact resources exchange. One producer each; see the resource classes for who publishes what. */
public final class Facts {
    // Network
    public static final Fact<String> VPC_ID = Fact.of("vpcId", String.class);
    public static final Fact<String> SUBNET_ID = Fact.of("subnetId", String.class);
    public static final Fact<String> AVAILABILITY_ZONE = Fact.of("availabilityZone", String.class);
    /** The load balancer's second subnet, in another availability zone, when the operator created the network. */
    public static final Fact<String> ADDITIONAL_SUBNET_ID = Fact.of("additionalSubnetId", String.class);
    /** Whether instances get a public IP: assignPublicIp resolved against whether the network was created. */
    public static final Fact<Boolean> ASSIGN_PUBLIC_IP = Fact.of("assignPublicIp", Boolean.class);
    public static final Fact<List<String>> SECURITY_GROUP_IDS = Fact.ofList("securityGroupIds");

    // IAM: each the spec's own ARN, or the operator's
    public static final Fact<String> INSTANCE_PROFILE_ARN = Fact.of("instanceProfileArn", String.class);
    public static final Fact<String> LAMBDA_ROLE_ARN = Fact.of("lambdaRoleArn", String.class);
    public static final Fact<String> STATE_MACHINE_ROLE_ARN = Fact.of("stateMachineRoleArn", String.class);
    public static final Fact<String> EVENTS_ROLE_ARN = Fact.of("eventsRoleArn", String.class);

    // EC2
    /** Absent when placement groups are off. */
    public static final Fact<String> PLACEMENT_GROUP_NAME = Fact.of("placementGroupName", String.class);
    /** Absent when key pairs are off. */
    public static final Fact<String> KEY_PAIR_NAME = Fact.of("keyPairName", String.class);
    /** Absent when EBS is not encrypted. */
    public static final Fact<String> EBS_KMS_KEY_ARN = Fact.of("ebsKmsKeyArn", String.class);
    public static final Fact<String> LAUNCH_TEMPLATE_ID = Fact.of("launchTemplateId", String.class);
    public static final Fact<String> AUTO_SCALING_GROUP_NAME = Fact.of("autoScalingGroupName", String.class);

    // Secrets Manager: ARNs (the token's may be the spec's existing secret id)
    public static final Fact<String> TOKEN_SECRET_ID = Fact.of("tokenSecretId", String.class);
    public static final Fact<String> USERNAME_SECRET_ID = Fact.of("usernameSecretId", String.class);
    public static final Fact<String> ADMIN_PASSWORD_SECRET_ID = Fact.of("adminPasswordSecretId", String.class);
    public static final Fact<String> DEPLOYMENT_PASSWORD_SECRET_ID = Fact.of("deploymentPasswordSecretId", String.class);
    /** Absent when the secrets use the AWS-managed key. */
    public static final Fact<String> SECRETS_KMS_KEY_ARN = Fact.of("secretsKmsKeyArn", String.class);

    // State
    public static final Fact<String> STATE_TABLE_NAME = Fact.of("stateTableName", String.class);
    public static final Fact<String> STATE_TABLE_ARN = Fact.of("stateTableArn", String.class);

    // WEKA's functions, state machine and schedule
    /** Log group name to ARN, for the functions' and the state machine's log groups. */
    public static final Fact<Map<String, String>> LOG_GROUP_ARNS = Fact.ofMap("logGroupArns");
    /** Function name to ARN, for all eleven. */
    public static final Fact<Map<String, String>> FUNCTION_ARNS = Fact.ofMap("functionArns");
    public static final Fact<String> STATE_MACHINE_ARN = Fact.of("stateMachineArn", String.class);
    public static final Fact<String> SCALE_DOWN_RULE_ARN = Fact.of("scaleDownRuleArn", String.class);

    // Load balancer (absent without one)
    public static final Fact<String> ALB_ARN = Fact.of("albArn", String.class);
    public static final Fact<String> ALB_ARN_SUFFIX = Fact.of("albArnSuffix", String.class);
    /** The load balancer's own DNS name and the hosted zone AWS serves it from (what an alias record points at). */
    public static final Fact<String> ALB_AWS_DNS_NAME = Fact.of("albAwsDnsName", String.class);
    public static final Fact<String> ALB_HOSTED_ZONE_ID = Fact.of("albHostedZoneId", String.class);
    public static final Fact<String> TARGET_GROUP_ARN = Fact.of("targetGroupArn", String.class);
    /** The generated self-signed certificate, absent when the spec brings its own. */
    public static final Fact<String> CERTIFICATE_ARN = Fact.of("certificateArn", String.class);
    /** The secret holding the generated certificate's PEM (the certificate, not its key). */
    public static final Fact<String> CERTIFICATE_SECRET_ID = Fact.of("certificateSecretId", String.class);
    /** The generated certificate (never its key), which clients trust when they mount through the load balancer. */
    public static final Fact<String> CERTIFICATE_PEM = Fact.of("certificatePem", String.class);

    // VPC endpoints: the security groups of the interface endpoints the module gives their own
    public static final Fact<String> ENDPOINT_SECURITY_GROUP_ID = Fact.of("endpointSecurityGroupId", String.class);
    public static final Fact<String> PROXY_ENDPOINT_SECURITY_GROUP_ID = Fact.of("proxyEndpointSecurityGroupId",
            String.class);

    private Facts() {
    }
}
