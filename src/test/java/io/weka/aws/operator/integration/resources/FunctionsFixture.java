package io.weka.aws.operator.integration.resources;

import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.aws.AwsSession;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.ConvergenceGraph;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.events.ScaleDownRuleResource;
import io.weka.aws.operator.resources.lambda.FunctionPermissionsResource;
import io.weka.aws.operator.resources.lambda.WekaFunctionsResource;
import io.weka.aws.operator.resources.logs.LogGroupsResource;
import io.weka.aws.operator.resources.sfn.StateMachineResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.WekaReleaseBucket;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * What the functions, state machine and schedule need from other resources, made in the emulator the way their
 * producers would make it (roles, the release bucket with a zip, a subnet and a security group) and published on
 * a context as those producers would publish it.
 */
final class FunctionsFixture {
    static final String SPEC = """
            region: us-east-1
            weka: {version: "4.4.10", tokenSecretRef: {name: t}}
            """;
    static final String BUCKET = "weka-tf-aws-releases-us-east-1";
    static final String KEY = "release/85b38faf2b30019985d15f77f21b44ed.zip";
    static final String STATE_TABLE = "weka-prod-weka-deployment";
    static final String SECRETS = "arn:aws:secretsmanager:us-east-1:" + LocalAws.ACCOUNT_ID + ":secret:weka/weka-prod/";
    private static final String TRUST = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "%s"},
             "Action": "sts:AssumeRole"}]}""";

    /** What exists in the account for every cluster of a test. */
    record Account(String lambdaRole, String stateMachineRole, String eventsRole, String subnetId,
            String securityGroupId) {
    }

    private FunctionsFixture() {
    }

    static AwsSession session(AwsClientFactory aws) {
        LocalAws.endpoint();
        return aws.session(LocalAws.REGION, "default", aws::defaultCredentials);
    }

    static Account prepare(AwsSession aws) {
        String lambdaRole = role(aws, "fixture-lambda-role", "lambda.amazonaws.com");
        String sfnRole = role(aws, "fixture-sfn-role", "states.amazonaws.com");
        String eventsRole = role(aws, "fixture-event-role", "events.amazonaws.com");
        aws.s3().createBucket(r -> r.bucket(BUCKET));
        upload(aws, BUCKET, KEY);
        Ec2Client ec2 = aws.ec2();
        String vpc = ec2.describeVpcs(r -> r.filters(f -> f.name("is-default").values("true"))).vpcs().get(0).vpcId();
        String subnet = ec2.describeSubnets(r -> r.filters(f -> f.name("vpc-id").values(vpc))).subnets().stream()
                .min(Comparator.comparing(Subnet::availabilityZone)).orElseThrow().subnetId();
        String group = ec2.createSecurityGroup(r -> r.groupName("fixture-sg").description("fixture").vpcId(vpc))
                .groupId();
        return new Account(lambdaRole, sfnRole, eventsRole, subnet, group);
    }

    static void upload(AwsSession aws, String bucket, String key) {
        aws.s3().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(WekaReleaseBucket.standInZip(key)));
    }

    /** Publishes what the IAM, network, state and secrets resources would have published. */
    static ClusterContext publish(ClusterContext context, Account account) {
        context.publish(Facts.LAMBDA_ROLE_ARN, account.lambdaRole());
        context.publish(Facts.STATE_MACHINE_ROLE_ARN, account.stateMachineRole());
        context.publish(Facts.EVENTS_ROLE_ARN, account.eventsRole());
        context.publish(Facts.SUBNET_ID, account.subnetId());
        context.publish(Facts.SECURITY_GROUP_IDS, List.of(account.securityGroupId()));
        context.publish(Facts.STATE_TABLE_NAME, STATE_TABLE);
        context.publish(Facts.TOKEN_SECRET_ID, SECRETS + "get_weka_io_token-Ab1x");
        context.publish(Facts.USERNAME_SECRET_ID, SECRETS + "weka-username-Ab1x");
        context.publish(Facts.ADMIN_PASSWORD_SECRET_ID, SECRETS + "weka-password-Ab1x");
        context.publish(Facts.DEPLOYMENT_PASSWORD_SECRET_ID, SECRETS + "weka-deployment-password-Ab1x");
        return context;
    }

    /** Every resource of this part: log groups, functions, their permissions, the state machine and the rule. */
    static AwsResource[] all() {
        return new AwsResource[] {new LogGroupsResource(), new WekaFunctionsResource(), new FunctionPermissionsResource(),
            new StateMachineResource(), new ScaleDownRuleResource()};
    }

    /** Converges the resources in the graph's order on this thread; the first failure is thrown. */
    static ConvergenceGraph.Result converge(ClusterContext context, AwsResource... resources) {
        ConvergenceGraph.Result result = new ConvergenceGraph(List.of(resources)).converge(context, Runnable::run);
        result.failures().values().stream().findFirst().ifPresent(e -> {
            throw e;
        });
        return result;
    }

    private static String role(AwsSession aws, String name, String service) {
        return aws.iam().createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST.formatted(service)))
                .role().arn();
    }

}
