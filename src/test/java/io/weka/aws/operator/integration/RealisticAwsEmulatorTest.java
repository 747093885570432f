package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weka.aws.operator.resources.acm.SelfSignedCertificate;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.RealisticAws.Fault;
import io.weka.aws.operator.testenv.RealisticAws.PlayedFault;
import io.weka.aws.operator.testenv.RealisticAws;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.autoscaling.model.ScalingActivityInProgressException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CertificateNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.lambda.model.StateReasonCode;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The realism layer of the emulator, seen through the AWS SDK for Java v2 as the operator sees it: each behaviour
 * of the catalogue (docs' reference aws-realism.md, by row number) comes back with the exception class, HTTP status,
 * error code and message real AWS gives, and the layer logs what it played. Clients here never retry, so each
 * call meets exactly one answer.
 */
class RealisticAwsEmulatorTest {
    /** Long enough for a loaded CI machine to make the next call inside it; tests that outlive it wait with a deadline. */
    private static final Duration WINDOW = Duration.ofSeconds(4);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
    private static final SdkBytes FUNCTION_CODE = zip("bootstrap");

    @BeforeAll
    static void startEmulator() {
        LocalAws.endpoint();
    }

    @BeforeEach
    @AfterEach
    void plainMoto() {
        LocalAws.reset();
    }

    // --- IAM propagation -------------------------------------------------------------------------------------

    @Test
    void row3_addRoleToInstanceProfileBeforeTheRolePropagates() {
        realistic().iamPropagation(WINDOW).apply();
        IamClient iam = client(IamClient.builder());
        iam.createRole(r -> r.roleName("backend").assumeRolePolicyDocument(TRUST));
        iam.createInstanceProfile(r -> r.instanceProfileName("backend-profile"));

        assertAwsError(() -> iam.addRoleToInstanceProfile(r -> r.instanceProfileName("backend-profile").roleName("backend")),
                NoSuchEntityException.class, 404, "NoSuchEntity", "The role with name backend cannot be found.");
        assertThat(RealisticAws.playedFaults()).containsExactly(
                new PlayedFault("iam", "AddRoleToInstanceProfile", "iam-propagation", "NoSuchEntity"));
    }

    @Test
    void row15_runInstancesBeforeTheInstanceProfilePropagates() {
        String image = image();
        realistic().iamPropagation(WINDOW).apply();
        String template = templateWithNewProfile("client");

        assertAwsError(() -> client(Ec2Client.builder()).runInstances(r -> r.minCount(1).maxCount(1)
                        .launchTemplate(t -> t.launchTemplateId(template))), Ec2Exception.class, 400,
                "InvalidParameterValue", "Invalid IAM Instance Profile");
    }

    @Test
    void row18_createAutoScalingGroupBeforeTheInstanceProfilePropagates() {
        image();
        realistic().iamPropagation(WINDOW).apply();
        String template = templateWithNewProfile("backend");

        assertAwsError(() -> client(AutoScalingClient.builder()).createAutoScalingGroup(r -> r.autoScalingGroupName("g")
                        .minSize(0).maxSize(1).availabilityZones("us-east-1a")
                        .launchTemplate(t -> t.launchTemplateId(template))), AutoScalingException.class, 400,
                "ValidationError", "You must use a valid fully-formed launch template. Value (arn:aws:iam::");
    }

    @Test
    void row27_lambdaCreateFunctionBeforeTheRolePropagates() {
        realistic().iamPropagation(WINDOW).apply();
        String role = newRole("lambda-role");
        LambdaClient lambda = client(LambdaClient.builder());

        assertAwsError(() -> createFunction(lambda, "scale-down", role), InvalidParameterValueException.class, 400,
                "InvalidParameterValueException", "The role defined for the function cannot be assumed by Lambda.");
        await().atMost(WAIT).pollInterval(POLL).ignoreExceptions().until(() -> createFunction(lambda, "scale-down", role)
                .functionName().equals("scale-down"));
    }

    @Test
    void row33_stepFunctionsCreateStateMachineBeforeTheRolePropagates() {
        realistic().iamPropagation(WINDOW).apply();
        String role = newRole("sfn-role");

        assertAwsError(() -> client(SfnClient.builder()).createStateMachine(r -> r.name("scale-down").roleArn(role)
                        .definition("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}")),
                SfnException.class, 400, "AccessDeniedException",
                "Neither the global service principal states.amazonaws.com, nor the regional one is authorized");
    }

    @Test
    void row35_eventBridgeTargetWithARoleThatHasNotPropagated() {
        realistic().iamPropagation(WINDOW).apply();
        String role = newRole("events-role");
        EventBridgeClient events = client(EventBridgeClient.builder());
        events.putRule(r -> r.name("scale-down").scheduleExpression("rate(1 minute)"));

        assertAwsError(() -> events.putTargets(r -> r.rule("scale-down").targets(t -> t.id("1").arn(role).roleArn(role))),
                EventBridgeException.class, 400, "ValidationException", "cannot be assumed by principal 'events.amazonaws.com'");
    }

    @Test
    void row38_kmsKeyPolicyNamingARoleThatHasNotPropagated() {
        realistic().iamPropagation(WINDOW).apply();
        String role = newRole("backend");
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + role
                + "\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}]}";

        assertAwsError(() -> client(KmsClient.builder()).createKey(r -> r.policy(policy)),
                MalformedPolicyDocumentException.class, 400, "MalformedPolicyDocumentException",
                "Policy contains a statement with one or more invalid principals.");
    }

    // --- read after create -----------------------------------------------------------------------------------

    @Test
    void row2_getRoleRightAfterCreateRole() {
        realistic().readAfterCreate(WINDOW).apply();
        IamClient iam = client(IamClient.builder());
        newRole("backend");

        assertAwsError(() -> iam.getRole(r -> r.roleName("backend")), NoSuchEntityException.class, 404, "NoSuchEntity",
                "The role with name backend cannot be found.");
    }

    @Test
    void row4_getInstanceProfileRightAfterCreate() {
        realistic().readAfterCreate(WINDOW).apply();
        IamClient iam = client(IamClient.builder());
        iam.createInstanceProfile(r -> r.instanceProfileName("backend"));

        assertAwsError(() -> iam.getInstanceProfile(r -> r.instanceProfileName("backend")), NoSuchEntityException.class,
                404, "NoSuchEntity", "Instance Profile backend cannot be found.");
    }

    @Test
    void row7_ec2ReadsOfANewIdAnswerNotFoundForAWhile() {
        String image = image();
        realistic().readAfterCreate(WINDOW).apply();
        Ec2Client ec2 = client(Ec2Client.builder());
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.7.0.0/16")).vpc().vpcId();
        String template = ec2.createLaunchTemplate(r -> r.launchTemplateName("backend").launchTemplateData(d -> d
                .imageId(image).instanceType(InstanceType.T3_MICRO))).launchTemplate().launchTemplateId();

        assertAwsError(() -> ec2.describeVpcs(r -> r.vpcIds(vpc)), Ec2Exception.class, 400, "InvalidVpcID.NotFound",
                "The vpc ID '" + vpc + "' does not exist");
        assertAwsError(() -> ec2.describeLaunchTemplates(r -> r.launchTemplateIds(template)), Ec2Exception.class, 400,
                "InvalidLaunchTemplateId.NotFound", template);
        await().atMost(WAIT).pollInterval(POLL).ignoreExceptions()
                .until(() -> ec2.describeVpcs(r -> r.vpcIds(vpc)).vpcs().size() == 1);
    }

    @Test
    void row8_attachInternetGatewayRightAfterCreate() {
        realistic().readAfterCreate(WINDOW).apply();
        Ec2Client ec2 = client(Ec2Client.builder());
        String vpc = defaultVpc(ec2);
        String gateway = ec2.createInternetGateway().internetGateway().internetGatewayId();

        assertAwsError(() -> ec2.attachInternetGateway(r -> r.internetGatewayId(gateway).vpcId(vpc)), Ec2Exception.class,
                400, "InvalidInternetGatewayID.NotFound", gateway);
    }

    @Test
    void row9_routeToANatGatewayRightAfterCreate() {
        Ec2Client ec2 = client(Ec2Client.builder());
        String subnet = LocalAws.defaultSubnetId();
        String table = ec2.createRouteTable(r -> r.vpcId(defaultVpc(ec2))).routeTable().routeTableId();
        String address = ec2.allocateAddress(r -> r.domain(DomainType.VPC)).allocationId();
        realistic().readAfterCreate(WINDOW).apply();
        String nat = ec2.createNatGateway(r -> r.subnetId(subnet).allocationId(address)).natGateway().natGatewayId();

        assertAwsError(() -> ec2.createRoute(r -> r.routeTableId(table).destinationCidrBlock("0.0.0.0/0").natGatewayId(nat)),
                Ec2Exception.class, 400, "InvalidNatGatewayID.NotFound", nat);
    }

    @Test
    void row39_kmsDescribeKeyRightAfterCreateKey() {
        realistic().readAfterCreate(WINDOW).apply();
        KmsClient kms = client(KmsClient.builder());
        String key = kms.createKey().keyMetadata().keyId();

        assertAwsError(() -> kms.describeKey(r -> r.keyId(key)), NotFoundException.class, 400, "NotFoundException",
                "Key 'arn:aws:kms:us-east-1:123456789012:key/" + key + "' does not exist");
    }

    @Test
    void row40_kmsCreateAliasForANewKey() {
        realistic().readAfterCreate(WINDOW).apply();
        KmsClient kms = client(KmsClient.builder());
        String key = kms.createKey().keyMetadata().arn();

        assertAwsError(() -> kms.createAlias(r -> r.aliasName("alias/weka").targetKeyId(key)), NotFoundException.class,
                400, "NotFoundException", "does not exist");
    }

    @Test
    void row49_listenerWithAJustImportedCertificate() {
        ElasticLoadBalancingV2Client elb = client(ElasticLoadBalancingV2Client.builder());
        String balancer = loadBalancer(elb);
        String targets = elb.createTargetGroup(r -> r.name("backends").protocol(ProtocolEnum.HTTPS).port(14000)
                .vpcId(defaultVpc(client(Ec2Client.builder())))).targetGroups().get(0).targetGroupArn();
        realistic().readAfterCreate(WINDOW).apply();
        SelfSignedCertificate generated = SelfSignedCertificate.generate("weka.internal", "WEKA", Instant.now());
        String certificate = client(AcmClient.builder()).importCertificate(r -> r
                .certificate(SdkBytes.fromUtf8String(generated.certificatePem()))
                .privateKey(SdkBytes.fromUtf8String(generated.privateKeyPem()))).certificateArn();

        assertAwsError(() -> elb.createListener(r -> r.loadBalancerArn(balancer).protocol(ProtocolEnum.HTTPS).port(443)
                        .certificates(c -> c.certificateArn(certificate))
                        .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(targets))),
                CertificateNotFoundException.class, 400, "CertificateNotFound", certificate);
    }

    // --- async states ----------------------------------------------------------------------------------------

    @Test
    void row30_lambdaFunctionIsPendingAfterCreate() {
        String role = newRole("lambda-role");
        realistic().async(WINDOW).apply();
        LambdaClient lambda = client(LambdaClient.builder());

        assertThat(createFunction(lambda, "status", role).state()).isEqualTo(State.PENDING);
        FunctionConfiguration pending = lambda.getFunction(r -> r.functionName("status")).configuration();
        assertThat(pending.state()).isEqualTo(State.PENDING);
        assertThat(pending.stateReasonCode()).isEqualTo(StateReasonCode.CREATING);
        await().atMost(WAIT).pollInterval(POLL)
                .until(() -> lambda.getFunction(r -> r.functionName("status")).configuration().state() == State.ACTIVE);
    }

    @Test
    void row31_lambdaCallsConflictWhilePendingOrUpdating() {
        String role = newRole("lambda-role");
        realistic().async(WINDOW).apply();
        LambdaClient lambda = client(LambdaClient.builder());
        String arn = createFunction(lambda, "status", role).functionArn();

        assertAwsError(() -> lambda.invoke(r -> r.functionName("status")), ResourceConflictException.class, 409,
                "ResourceConflictException",
                "The operation cannot be performed at this time. The function is currently in the following state: Pending");
        await().atMost(WAIT).pollInterval(POLL).ignoreExceptions()
                .until(() -> lambda.updateFunctionConfiguration(r -> r.functionName("status").timeout(30)) != null);
        assertThat(lambda.getFunctionConfiguration(r -> r.functionName("status")).lastUpdateStatus())
                .isEqualTo(LastUpdateStatus.IN_PROGRESS);
        assertAwsError(() -> lambda.publishVersion(r -> r.functionName("status")), ResourceConflictException.class, 409,
                "ResourceConflictException", "An update is in progress for resource: " + arn);
    }

    @Test
    void row44_dynamoDbTableIsCreatingAndRefusesItems() {
        realistic().async(WINDOW).apply();
        DynamoDbClient dynamo = client(DynamoDbClient.builder());
        createStateTable(dynamo);

        assertThat(dynamo.describeTable(r -> r.tableName("state")).table().tableStatus()).isEqualTo(TableStatus.CREATING);
        assertAwsError(() -> dynamo.putItem(r -> r.tableName("state").item(Map.of("Key", AttributeValue.fromS("k")))),
                software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException.class, 400,
                "ResourceNotFoundException", "Requested resource not found");
        await().atMost(WAIT).pollInterval(POLL)
                .until(() -> dynamo.describeTable(r -> r.tableName("state")).table().tableStatus() == TableStatus.ACTIVE);
        dynamo.putItem(r -> r.tableName("state").item(Map.of("Key", AttributeValue.fromS("k"))));
    }

    @Test
    void row46_dynamoDbTableCannotBeDeletedWhileCreating() {
        realistic().async(WINDOW).apply();
        DynamoDbClient dynamo = client(DynamoDbClient.builder());
        createStateTable(dynamo);

        assertAwsError(() -> dynamo.deleteTable(r -> r.tableName("state")), ResourceInUseException.class, 400,
                "ResourceInUseException", "Attempt to change a resource which is still in use: Table is being created: state");
    }

    @Test
    void row48_loadBalancerIsProvisioningAfterCreate() {
        realistic().async(WINDOW).apply();
        ElasticLoadBalancingV2Client elb = client(ElasticLoadBalancingV2Client.builder());
        String balancer = loadBalancer(elb);

        assertThat(state(elb, balancer)).isEqualTo(LoadBalancerStateEnum.PROVISIONING);
        await().atMost(WAIT).pollInterval(POLL).until(() -> state(elb, balancer) == LoadBalancerStateEnum.ACTIVE);
    }

    @Test
    void row20_deleteAutoScalingGroupRightAfterACapacityChange() {
        String image = image();
        String template = client(Ec2Client.builder()).createLaunchTemplate(r -> r.launchTemplateName("backend")
                .launchTemplateData(d -> d.imageId(image).instanceType(InstanceType.T3_MICRO))).launchTemplate()
                .launchTemplateId();
        AutoScalingClient autoscaling = client(AutoScalingClient.builder());
        autoscaling.createAutoScalingGroup(r -> r.autoScalingGroupName("backends").minSize(0).maxSize(2)
                .availabilityZones("us-east-1a").launchTemplate(t -> t.launchTemplateId(template)));
        realistic().async(WINDOW).apply();
        autoscaling.updateAutoScalingGroup(r -> r.autoScalingGroupName("backends").desiredCapacity(0).minSize(0));

        assertAwsError(() -> autoscaling.deleteAutoScalingGroup(r -> r.autoScalingGroupName("backends").forceDelete(true)),
                ScalingActivityInProgressException.class, 400, "ScalingActivityInProgress",
                "You cannot delete an AutoScalingGroup while there are scaling activities in progress for that group.");
    }

    @Test
    void row42_secretNameIsScheduledForDeletionRightAfterAForcedDelete() {
        realistic().async(WINDOW).apply();
        SecretsManagerClient secrets = client(SecretsManagerClient.builder());
        secrets.createSecret(r -> r.name("weka-password").secretString("x"));
        secrets.deleteSecret(r -> r.secretId("weka-password").forceDeleteWithoutRecovery(true));

        assertAwsError(() -> secrets.createSecret(r -> r.name("weka-password").secretString("x")),
                InvalidRequestException.class, 400, "InvalidRequestException",
                "You can't create this secret because a secret with this name is already scheduled for deletion.");
    }

    @Test
    void row11_deleteSecurityGroupRightAfterItsInstanceTerminated() {
        String image = image();
        Ec2Client ec2 = client(Ec2Client.builder());
        String group = ec2.createSecurityGroup(r -> r.groupName("backends").description("d").vpcId(defaultVpc(ec2)))
                .groupId();
        String instance = ec2.runInstances(r -> r.imageId(image).minCount(1).maxCount(1).securityGroupIds(group)
                .subnetId(LocalAws.defaultSubnetId())).instances().get(0).instanceId();
        realistic().async(WINDOW).apply();
        ec2.terminateInstances(r -> r.instanceIds(instance));

        assertAwsError(() -> ec2.deleteSecurityGroup(r -> r.groupId(group)), Ec2Exception.class, 400, "DependencyViolation",
                "resource " + group + " has a dependent object");
    }

    @Test
    void row13_deleteSubnetRightAfterAFunctionInItWasDeleted() {
        Ec2Client ec2 = client(Ec2Client.builder());
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.13.0.0/16")).vpc().vpcId();
        String subnet = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.13.1.0/24")).subnet().subnetId();
        String group = ec2.createSecurityGroup(r -> r.groupName("functions").description("d").vpcId(vpc)).groupId();
        String role = newRole("lambda-role");
        realistic().async(WINDOW).apply();
        LambdaClient lambda = client(LambdaClient.builder());
        lambda.createFunction(r -> r.functionName("in-vpc").runtime(Runtime.PROVIDED_AL2).role(role).handler("bootstrap")
                .code(c -> c.zipFile(FUNCTION_CODE)).vpcConfig(v -> v.subnetIds(subnet).securityGroupIds(group)));
        lambda.deleteFunction(r -> r.functionName("in-vpc"));

        assertAwsError(() -> ec2.deleteSubnet(r -> r.subnetId(subnet)), Ec2Exception.class, 400, "DependencyViolation",
                "The subnet '" + subnet + "' has dependencies and cannot be deleted.");
        assertAwsError(() -> ec2.deleteSecurityGroup(r -> r.groupId(group)), Ec2Exception.class, 400, "DependencyViolation",
                "has a dependent object");
        await().atMost(WAIT).pollInterval(POLL).ignoreExceptions()
                .until(() -> ec2.deleteSubnet(r -> r.subnetId(subnet)) != null);
    }

    // --- faults ----------------------------------------------------------------------------------------------

    @Test
    void row55_ec2ThrottledWithRequestLimitExceeded503() {
        RealisticAws.seeded(1).fault(Fault.throttle().on("ec2", "Describe*")).apply();
        Ec2Client ec2 = client(Ec2Client.builder());

        assertAwsError(ec2::describeVpcs, Ec2Exception.class, 503, "RequestLimitExceeded", "Request limit exceeded.");
        assertThat(ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId()).startsWith("vpc-");
        assertThat(RealisticAws.playedFaults()).containsExactly(
                new PlayedFault("ec2", "DescribeVpcs", "throttle", "RequestLimitExceeded"));
    }

    @Test
    void row56_queryApisThrottledWithThrottling400() {
        RealisticAws.seeded(1).fault(Fault.throttle()).apply();

        assertThrottled(client(IamClient.builder())::listRoles, 400, "Throttling");
        assertThrottled(client(StsClient.builder())::getCallerIdentity, 400, "Throttling");
        assertThrottled(client(AutoScalingClient.builder())::describeAutoScalingGroups, 400, "Throttling");
        assertThrottled(client(ElasticLoadBalancingV2Client.builder())::describeLoadBalancers, 400, "Throttling");
        assertThrottled(client(Route53Client.builder())::listHostedZones, 400, "Throttling");
        assertThat(RealisticAws.playedFaults()).extracting(PlayedFault::service)
                .containsExactly("iam", "sts", "autoscaling", "elasticloadbalancing", "route53");
    }

    @Test
    void row57_jsonApisThrottledWithThrottlingException400() {
        RealisticAws.seeded(1).fault(Fault.throttle()).apply();

        assertThrottled(client(KmsClient.builder())::listKeys, 400, "ThrottlingException");
        assertThrottled(client(SecretsManagerClient.builder())::listSecrets, 400, "ThrottlingException");
        assertThrottled(client(SfnClient.builder())::listStateMachines, 400, "ThrottlingException");
        assertThrottled(() -> client(EventBridgeClient.builder()).listRules(r -> { }), 400, "ThrottlingException");
        assertThrottled(client(DynamoDbClient.builder())::listTables, 400, "ThrottlingException");
        assertThrottled(client(CloudWatchLogsClient.builder())::describeLogGroups, 400, "ThrottlingException");
        assertThrottled(client(AcmClient.builder())::listCertificates, 400, "ThrottlingException");
    }

    @Test
    void row58_lambdaThrottledWithTooManyRequests429() {
        RealisticAws.seeded(1).fault(Fault.throttle().on("lambda", "*")).apply();

        assertThrottled(client(LambdaClient.builder())::listFunctions, 429, "TooManyRequestsException");
    }

    @Test
    void row59_s3ThrottledWithSlowDown503() {
        RealisticAws.seeded(1).fault(Fault.throttle().on("s3", "ListBuckets")).apply();

        assertAwsError(client(S3Client.builder().forcePathStyle(true))::listBuckets, S3Exception.class, 503, "SlowDown",
                "Please reduce your request rate.");
    }

    @Test
    void serverErrorsAre500Or503WithTheServicesCode() {
        RealisticAws.seeded(3).fault(Fault.serverError().on("ec2", "DescribeVpcs")).apply();
        Ec2Client ec2 = client(Ec2Client.builder());

        for (int i = 0; i < 8; i++) {
            assertThatThrownBy(ec2::describeVpcs).isInstanceOfSatisfying(Ec2Exception.class, e -> {
                assertThat(e.statusCode()).isIn(500, 503);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo(e.statusCode() == 500 ? "InternalError" : "Unavailable");
            });
        }
        assertThat(RealisticAws.playedFaults()).extracting(PlayedFault::code).contains("InternalError", "Unavailable");
    }

    @Test
    void aRateAndASeedPlayTheSameFaultsOnEveryRun() {
        Ec2Client ec2 = client(Ec2Client.builder());
        RealisticAws config = RealisticAws.seeded(42).fault(Fault.throttle().on("ec2", "DescribeVpcs").rate(0.5));

        config.apply();
        String first = outcomes(ec2, 20);
        config.apply();

        assertThat(outcomes(ec2, 20)).isEqualTo(first).contains("T").contains(".");
    }

    @Test
    void timesLimitsHowOftenARuleFires() {
        RealisticAws.seeded(1).fault(Fault.throttle().on("ec2", "DescribeVpcs").times(2)).apply();

        assertThat(outcomes(client(Ec2Client.builder()), 4)).isEqualTo("TT..");
    }

    @Test
    void aSlowAnswerArrivesLateButComplete() {
        RealisticAws.seeded(1).fault(Fault.slow(Duration.ofMillis(800)).on("ec2", "DescribeVpcs")).apply();
        Ec2Client ec2 = client(Ec2Client.builder());

        Instant start = Instant.now();
        assertThat(ec2.describeVpcs().vpcs()).isNotEmpty();
        assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(800));
    }

    @Test
    void aResetConnectionExecutesNothing() {
        RealisticAws.seeded(1).fault(Fault.reset().on("ec2", "CreateVpc")).apply();
        Ec2Client ec2 = client(Ec2Client.builder());

        assertThatThrownBy(() -> ec2.createVpc(r -> r.cidrBlock("10.7.0.0/16"))).isInstanceOf(SdkClientException.class);
        RealisticAws.off();
        assertThat(ec2.describeVpcs(r -> r.filters(f -> f.name("cidr").values("10.7.0.0/16"))).vpcs()).isEmpty();
    }

    @Test
    void aLostAnswerLeavesTheResourceCreated() {
        RealisticAws.seeded(1).fault(Fault.lostAnswer().on("ec2", "CreateVpc")).apply();
        Ec2Client ec2 = client(Ec2Client.builder());

        assertThatThrownBy(() -> ec2.createVpc(r -> r.cidrBlock("10.8.0.0/16"))).isInstanceOf(SdkClientException.class);
        assertThat(RealisticAws.playedFaults()).containsExactly(new PlayedFault("ec2", "CreateVpc", "lost-answer", null));
        RealisticAws.off();
        assertThat(ec2.describeVpcs(r -> r.filters(f -> f.name("cidr").values("10.8.0.0/16"))).vpcs()).hasSize(1);
    }

    @Test
    void aResetOfTheEmulatorSwitchesTheLayerOff() {
        RealisticAws.seeded(1).fault(Fault.throttle()).apply();

        LocalAws.reset();

        assertThat(client(Ec2Client.builder()).describeVpcs().vpcs()).isNotEmpty();
        assertThat(RealisticAws.playedFaults()).isEmpty();
    }

    private static RealisticAws realistic() {
        return RealisticAws.seeded(1);
    }

    private static String newRole(String name) {
        return client(IamClient.builder()).createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST)).role().arn();
    }

    /** A launch template whose instance profile (by ARN, as the operator's templates name it) was just created. */
    private static String templateWithNewProfile(String name) {
        String profile = client(IamClient.builder()).createInstanceProfile(r -> r.instanceProfileName(name))
                .instanceProfile().arn();
        return client(Ec2Client.builder()).createLaunchTemplate(r -> r.launchTemplateName(name).launchTemplateData(d -> d
                .imageId(image()).instanceType(InstanceType.T3_MICRO).iamInstanceProfile(p -> p.arn(profile))))
                .launchTemplate().launchTemplateId();
    }

    private static String image() {
        return client(Ec2Client.builder()).describeImages(r -> r.owners("amazon")).images().get(0).imageId();
    }

    private static String defaultVpc(Ec2Client ec2) {
        return ec2.describeVpcs(r -> r.filters(f -> f.name("is-default").values("true"))).vpcs().get(0).vpcId();
    }

    private static CreateFunctionResponse createFunction(LambdaClient lambda, String name, String role) {
        return lambda.createFunction(r -> r.functionName(name).runtime(Runtime.PROVIDED_AL2).role(role)
                .handler("bootstrap").code(c -> c.zipFile(FUNCTION_CODE)));
    }

    private static void createStateTable(DynamoDbClient dynamo) {
        dynamo.createTable(r -> r.tableName("state").billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("Key").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("Key").attributeType(ScalarAttributeType.S)));
    }

    private static String loadBalancer(ElasticLoadBalancingV2Client elb) {
        Ec2Client ec2 = client(Ec2Client.builder());
        List<String> subnets = ec2.describeSubnets(r -> r.filters(f -> f.name("default-for-az").values("true"))).subnets()
                .stream().map(Subnet::subnetId).sorted().limit(2).toList();
        return elb.createLoadBalancer(r -> r.name("weka").subnets(subnets).type(LoadBalancerTypeEnum.APPLICATION))
                .loadBalancers().get(0).loadBalancerArn();
    }

    private static LoadBalancerStateEnum state(ElasticLoadBalancingV2Client elb, String balancer) {
        return elb.describeLoadBalancers(r -> r.loadBalancerArns(balancer)).loadBalancers().get(0).state().code();
    }

    private static SdkBytes zip(String entry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SdkBytes.fromByteArray(bytes.toByteArray());
    }

    /** "T" for each throttled call, "." for each answered one. */
    private static String outcomes(Ec2Client ec2, int calls) {
        StringBuilder outcomes = new StringBuilder();
        for (int i = 0; i < calls; i++) {
            try {
                ec2.describeVpcs();
                outcomes.append('.');
            } catch (Ec2Exception e) {
                outcomes.append(e.isThrottlingException() ? "T" : "?");
            }
        }
        return outcomes.toString();
    }

    private static void assertThrottled(ThrowingCallable call, int status, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.isThrottlingException()).as("isThrottlingException of %s", code).isTrue();
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
        });
    }

    static <E extends AwsServiceException> void assertAwsError(ThrowingCallable call, Class<E> type, int status,
            String code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(type, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.awsErrorDetails().errorMessage()).contains(message);
        });
    }

    /** A client of the emulator that never retries, so each call meets exactly one answer. */
    static <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
        return builder.region(Region.of(LocalAws.REGION))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }
}
