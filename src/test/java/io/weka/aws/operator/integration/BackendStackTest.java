package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.status.OutputsStatus;
import io.weka.aws.operator.testenv.AppliedClusters;
import io.weka.aws.operator.testenv.InProcessOperator;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import io.weka.aws.operator.testenv.WekaReleaseBucket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Issue 3's acceptance: examples/minimal.yaml applied to the real API server, converged by the operator into
 * every backend resource of the Terraform module in the AWS emulator, with the module's names and settings.
 */
class BackendStackTest {
    private static InProcessOperator operator;
    private static KubernetesClient client;
    private String namespace;

    @BeforeAll
    static void startOperator() {
        client = LocalKubernetes.client();
        operator = InProcessOperator.start();
    }

    @AfterAll
    static void stopOperator() {
        operator.close();
    }

    @BeforeEach
    void emptyAccountWithWekasReleaseBucket() {
        namespace = operator.freshNamespace("stack");
        WekaReleaseBucket.seed();
    }

    @Test
    void minimalExampleConvergesIntoTheModulesBackendStack() throws IOException {
        Resource<WekaCluster> cluster = AppliedClusters.apply(namespace, Path.of("examples", "minimal.yaml"));
        WekaCluster converged = AppliedClusters.awaitInfrastructureReady(cluster);
        String c = converged.clusterName();

        try (IamClient iam = IamClient.builder().region(Region.AWS_GLOBAL).build()) {
            assertThat(iam.listRoles().roles()).extracting(r -> r.roleName()).contains("weka-" + c + "-iam-role",
                    "weka-" + c + "-lambda-role", "weka-" + c + "-sfn-role", "weka-" + c + "-event-role");
            assertThat(iam.getInstanceProfile(r -> r.instanceProfileName("weka-" + c + "-instance-profile"))
                    .instanceProfile().roles()).extracting(r -> r.roleName()).containsExactly("weka-" + c + "-iam-role");
        }
        try (Ec2Client ec2 = Ec2Client.builder().region(Region.US_EAST_1).build()) {
            assertThat(ec2.describeSecurityGroups(r -> r.filters(f -> f.name("group-name").values("weka-" + c + "-sg")))
                    .securityGroups()).hasSize(1);
            assertThat(ec2.describeKeyPairs(r -> r.keyNames("weka-" + c + "-ssh-key")).keyPairs()).hasSize(1);
            assertThat(ec2.describePlacementGroups(r -> r.groupNames("weka-" + c + "-placement-group"))
                    .placementGroups()).hasSize(1);
            assertThat(ec2.describeLaunchTemplates(r -> r.launchTemplateNames("weka-" + c + "-backend"))
                    .launchTemplates()).hasSize(1);
        }
        try (SecretsManagerClient secrets = SecretsManagerClient.builder().region(Region.US_EAST_1).build()) {
            assertThat(secrets.listSecrets().secretList()).extracting(s -> s.name().replaceAll("-[A-Za-z0-9]{4}$", ""))
                    .containsExactlyInAnyOrder("weka/weka-" + c + "/get_weka_io_token", "weka/weka-" + c + "/weka-username",
                            "weka/weka-" + c + "/weka-password", "weka/weka-" + c + "/weka-deployment-password",
                            "weka/weka-" + c + "/self-signed-cert-pem");
        }
        try (DynamoDbClient dynamo = DynamoDbClient.builder().region(Region.US_EAST_1).build()) {
            Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName("weka-" + c + "-weka-deployment")
                    .key(Map.of("Key", AttributeValue.fromS("weka-" + c + "-state")))).item();
            assertThat(item.get("Locked").bool()).isFalse();
            assertThat(item.get("Value").m().get("clusterization_target").n()).isEqualTo("6");
            assertThat(item.get("Value").m().get("clusterized").bool()).isFalse();
        }
        try (LambdaClient lambda = LambdaClient.builder().region(Region.US_EAST_1).build()) {
            List<FunctionConfiguration> functions = lambda.listFunctions().functions();
            assertThat(functions).hasSize(11).allSatisfy(f -> {
                assertThat(f.runtimeAsString()).isEqualTo("provided.al2023");
                assertThat(f.handler()).isEqualTo("bootstrap");
                assertThat(f.timeout()).isEqualTo(20);
                assertThat(f.memorySize()).isEqualTo(128);
            });
            FunctionConfiguration deploy = functions.stream()
                    .filter(f -> f.functionName().equals("weka-" + c + "-deploy-lambda")).findFirst().orElseThrow();
            assertThat(deploy.environment().variables()).containsEntry("LAMBDA", "deploy")
                    .containsEntry("STATE_TABLE", "weka-" + c + "-weka-deployment")
                    .containsEntry("STATE_KEY", "weka-" + c + "-state");
        }
        try (CloudWatchLogsClient logs = CloudWatchLogsClient.builder().region(Region.US_EAST_1).build()) {
            assertThat(logs.describeLogGroups().logGroups()).filteredOn(g -> g.logGroupName().contains(c))
                    .hasSize(12).allSatisfy(g -> assertThat(g.retentionInDays()).isEqualTo(30));
        }
        try (SfnClient sfn = SfnClient.builder().region(Region.US_EAST_1).build();
                EventBridgeClient events = EventBridgeClient.builder().region(Region.US_EAST_1).build()) {
            assertThat(sfn.listStateMachines().stateMachines()).extracting(m -> m.name())
                    .containsExactly("weka-" + c + "-scale-down-state-machine");
            assertThat(events.describeRule(r -> r.name("weka-" + c + "-scale-down-trigger-rule")).scheduleExpression())
                    .isEqualTo("rate(1 minute)");
        }
        AutoScalingGroup asg = asg("weka-" + c + "-autoscaling-group");
        assertThat(asg.desiredCapacity()).isEqualTo(6);
        assertThat(asg.minSize()).isEqualTo(6);
        assertThat(asg.maxSize()).isEqualTo(42);
        assertThat(asg.newInstancesProtectedFromScaleIn()).isTrue();
        assertThat(asg.suspendedProcesses()).extracting(p -> p.processName()).contains("ReplaceUnhealthy");

        OutputsStatus outputs = converged.getStatus().outputs;
        assertThat(outputs.asgName).isEqualTo(asg.autoScalingGroupName());
        assertThat(outputs.subnetIds).containsExactly(asg.vpcZoneIdentifier());
        assertThat(outputs.placementGroupName).isEqualTo("weka-" + c + "-placement-group");
        assertThat(outputs.statusLambdaName).isEqualTo("weka-" + c + "-status-lambda");
        assertThat(outputs.adminPasswordSecretId).contains(":secret:weka/weka-" + c + "/weka-password-");
        assertThat(outputs.ipsType).isEqualTo("PublicIpAddress");
        assertThat(outputs.sshKeySecret).isNotBlank();
        try (ElasticLoadBalancingV2Client elb = ElasticLoadBalancingV2Client.builder().region(Region.US_EAST_1).build()) {
            LoadBalancer balancer = elb.describeLoadBalancers(r -> r.names("weka-" + c + "-lb")).loadBalancers().get(0);
            assertThat(outputs.albDnsName).isEqualTo(balancer.dnsName());
            assertThat(asg.targetGroupARNs()).containsExactlyElementsOf(elb.describeTargetGroups(r -> r
                    .loadBalancerArn(balancer.loadBalancerArn())).targetGroups().stream()
                    .map(g -> g.targetGroupArn()).toList());
        }
        assertThat(outputs.certificateSecretId).contains(":secret:weka/weka-" + c + "/self-signed-cert-pem-");
        assertThat(outputs.backendIps).hasSize(6);
        assertThat(converged.getStatus().backends.running).isEqualTo(6);
        assertThat(converged.getStatus().backends.ready).as("no WEKA here: none registered").isZero();
        assertThat(converged.getStatus().backends.summary).as("BACKENDS counts the running instances until WEKA "
                + "has clusterized").isEqualTo("6/6");
        assertThat(client.secrets().inNamespace(namespace).withName(outputs.sshKeySecret).get()).isNotNull();
        assertThat(converged.getStatus().resources).extracting(r -> r.kind)
                .contains("AutoScalingGroup", "LaunchTemplate", "PlacementGroup", "SecurityGroup", "Vpc");
        assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                .filteredOn(e -> e.getInvolvedObject().getName().equals(converged.getMetadata().getName()))
                .anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("Created");
                    assertThat(e.getType()).isEqualTo("Normal");
                    assertThat(e.getMessage()).isEqualTo("created AutoScalingGroup " + asg.autoScalingGroupName());
                });
    }

    @Test
    void aSecondReconcileOfAConvergedClusterMakesNoMutatingCall() throws IOException {
        Resource<WekaCluster> cluster = AppliedClusters.apply(namespace, Path.of("examples", "minimal.yaml"));
        AppliedClusters.awaitInfrastructureReady(cluster);
        Map<String, Double> before = TestClusters.mutatingCalls(operator.metrics());
        double callsBefore = operator.awsCalls();
        double identityBefore = identityCalls();
        int reconciles = operator.reconciles(namespace, cluster.get().getMetadata().getName());

        cluster.edit(c -> {
            c.getMetadata().getAnnotations().put("example.com/touched", "again");
            return c;
        });
        // Not yet Ready, the cluster is also polled every 2 s: several reconciles, one of which may have been under
        // way when counting started.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> operator.reconciles(namespace, cluster.get().getMetadata().getName()) >= reconciles + 3);
        int done = operator.reconciles(namespace, cluster.get().getMetadata().getName()) - reconciles;

        assertThat(operator.awsCalls()).as("the second reconcile looked at AWS").isGreaterThan(callsBefore);
        assertThat(TestClusters.mutatingCalls(operator.metrics())).isEqualTo(before);
        assertThat(identityCalls() - identityBefore).as("STS is asked once per reconcile")
                .isBetween(done - 1.0, done + 1.0);
    }

    private static double identityCalls() {
        return operator.metrics().find("weka.aws.api.calls").tag("operation", "GetCallerIdentity").counters()
                .stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void rolesTheSpecBringsAreUsedAndNoIamIsCreatedForThem() throws IOException {
        String ownRoles;
        try (IamClient iam = IamClient.builder().region(Region.AWS_GLOBAL).build()) {
            String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                    + "[\"ec2.amazonaws.com\",\"lambda.amazonaws.com\",\"states.amazonaws.com\",\"events.amazonaws.com\"]},"
                    + "\"Action\":\"sts:AssumeRole\"}]}";
            String role = iam.createRole(r -> r.roleName("platform-weka").assumeRolePolicyDocument(trust)).role().arn();
            String profile = iam.createInstanceProfile(r -> r.instanceProfileName("platform-weka")).instanceProfile().arn();
            iam.addRoleToInstanceProfile(r -> r.instanceProfileName("platform-weka").roleName("platform-weka"));
            ownRoles = "iam: {instanceProfileArn: %s, lambdaRoleArn: %s, stateMachineRoleArn: %s, eventsRoleArn: %s}"
                    .formatted(profile, role, role, role);
        }
        Resource<WekaCluster> cluster = AppliedClusters.applyYaml(namespace, Files.readString(Path.of("examples", "minimal.yaml"))
                .replace("  region: us-east-1", "  region: us-east-1\n  " + ownRoles));
        AppliedClusters.awaitInfrastructureReady(cluster);

        try (IamClient iam = IamClient.builder().region(Region.AWS_GLOBAL).build()) {
            assertThat(iam.listRoles().roles()).extracting(r -> r.roleName()).containsExactly("platform-weka");
            assertThat(iam.listPolicies(r -> r.scope("Local")).policies()).isEmpty();
            assertThat(iam.listInstanceProfiles().instanceProfiles()).extracting(p -> p.instanceProfileName())
                    .containsExactly("platform-weka");
        }
    }

    private static AutoScalingGroup asg(String name) {
        try (AutoScalingClient autoScaling = AutoScalingClient.builder().region(Region.US_EAST_1).build()) {
            return autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups().get(0);
        }
    }
}
