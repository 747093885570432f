package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.dsl.Resource;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.resources.acm.SelfSignedCertificate;
import io.weka.aws.operator.testenv.AppliedClusters;
import io.weka.aws.operator.testenv.InProcessOperator;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.WekaReleaseBucket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The examples that bring their own AWS resources, applied as written but for the IDs, which are replaced by
 * those of stand-ins made in the emulator first: each must reach InfrastructureReady using what it names.
 */
class ExamplesConvergeTest {
    private static final String EXAMPLE_ACCOUNT = "111122223333";
    private static InProcessOperator operator;
    private String namespace;

    @BeforeAll
    static void startOperator() {
        operator = InProcessOperator.start();
    }

    @AfterAll
    static void stopOperator() {
        operator.close();
    }

    @BeforeEach
    void emptyAccount() {
        namespace = operator.freshNamespace("examples");
    }

    @Test
    void existingNetworkUsesTheNamedSubnetsAndKeyPair() throws IOException {
        String region = "eu-west-1";
        WekaReleaseBucket.seed(region, DefaultCredentialsProvider.builder().build());
        Map<String, String> ids = new LinkedHashMap<>();
        try (Ec2Client ec2 = ec2(region)) {
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
            ids.put("subnet-0123456789abcdef0", subnet(ec2, vpc, "10.0.1.0/24", region + "a"));
            ids.put("subnet-0fedcba9876543210", subnet(ec2, vpc, "10.0.2.0/24", region + "b"));
            ec2.createKeyPair(r -> r.keyName("platform-team"));
        }

        WekaCluster ready = converge("existing-network.yaml", ids);

        assertThat(ready.getStatus().outputs.subnetIds).contains(ids.get("subnet-0123456789abcdef0"));
        try (Ec2Client ec2 = ec2(region)) {
            assertThat(ec2.describeVpcs(r -> r.filters(f -> f.name("tag:weka.io/cluster-uid")
                    .values(ready.getMetadata().getUid()))).vpcs()).as("no VPC created").isEmpty();
            assertThat(ec2.describeKeyPairs().keyPairs()).extracting(k -> k.keyName()).containsExactly("platform-team");
        }
    }

    @Test
    void productionUsesTheNamedSubnetSecurityGroupAndKey() throws IOException {
        String region = "us-east-1";
        WekaReleaseBucket.seed();
        Map<String, String> ids = new LinkedHashMap<>();
        try (Ec2Client ec2 = ec2(region); KmsClient kms = KmsClient.builder().region(Region.of(region)).build()) {
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
            ids.put("subnet-0a1b2c3d4e5f60718", subnet(ec2, vpc, "10.0.1.0/24", region + "a"));
            ids.put("subnet-0a1b2c3d4e5f60729", subnet(ec2, vpc, "10.0.2.0/24", region + "b"));
            ids.put("sg-0123456789abcdef0", ec2.createSecurityGroup(r -> r.groupName("platform").description("platform")
                    .vpcId(vpc)).groupId());
            ids.put("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                    kms.createKey(r -> r.description("platform EBS key")).keyMetadata().arn());
        }

        WekaCluster ready = converge("production.yaml", ids);

        assertThat(ready.getStatus().outputs.securityGroupIds).containsExactly(ids.get("sg-0123456789abcdef0"));
        assertThat(ready.getStatus().outputs.subnetIds).contains(ids.get("subnet-0a1b2c3d4e5f60718"));
    }

    @Test
    void byoIamCreatesNoRoleOfItsOwn() throws IOException {
        WekaReleaseBucket.seed();
        try (IamClient iam = IamClient.builder().region(Region.AWS_GLOBAL).build()) {
            for (String role : new String[] {"weka-lambda", "weka-scale-down-sfn", "weka-scale-down-events"}) {
                iam.createRole(r -> r.roleName(role).path("/weka/").assumeRolePolicyDocument("{}"));
            }
            for (String profile : new String[] {"weka-backend", "weka-client"}) {
                iam.createInstanceProfile(r -> r.instanceProfileName(profile).path("/weka/"));
            }
        }

        converge("byo-iam.yaml", Map.of(EXAMPLE_ACCOUNT, LocalAws.ACCOUNT_ID));

        try (IamClient iam = IamClient.builder().region(Region.AWS_GLOBAL).build()) {
            assertThat(iam.listRoles().roles()).extracting(r -> r.roleName())
                    .containsExactlyInAnyOrder("weka-lambda", "weka-scale-down-sfn", "weka-scale-down-events");
        }
    }

    @Test
    void anExistingTokenSecretIsUsedAndNoTokenSecretIsCreated() throws IOException {
        WekaReleaseBucket.seed();
        String arn;
        try (SecretsManagerClient secrets = SecretsManagerClient.builder().region(Region.of(LocalAws.REGION)).build()) {
            arn = secrets.createSecret(r -> r.name("weka/get-weka-io-token").secretString("token")).arn();
        }

        converge("existing-token-secret.yaml", Map.of(
                "arn:aws:secretsmanager:us-east-1:111122223333:secret:weka/get-weka-io-token-AbCdEf", arn));

        try (SecretsManagerClient secrets = SecretsManagerClient.builder().region(Region.of(LocalAws.REGION)).build()) {
            assertThat(secrets.listSecrets().secretList()).extracting(s -> s.name())
                    .noneMatch(name -> name.contains("get_weka_io_token"));
        }
    }

    @Test
    void crossAccountBuildsInTheAccountOfTheAssumedRole() throws IOException {
        String region = "ap-southeast-2";
        String roleArn = "arn:aws:iam::444455556666:role/WekaDeployer";
        WekaReleaseBucket.seed(region, assumed(roleArn));

        WekaCluster ready = converge("cross-account.yaml", Map.of("<access key id>", "AKIAIOSFODNN7EXAMPLE",
                "<secret access key>", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));

        assertThat(ready.getStatus().outputs.awsAccountId).isEqualTo("444455556666");
    }

    @Test
    void aPrivateNetworkBehindANatGatewayIsCreated() throws IOException {
        String region = "us-west-2";
        WekaReleaseBucket.seed(region, DefaultCredentialsProvider.builder().build());

        WekaCluster ready = converge("private-network-nat.yaml", Map.of());

        String subnet = ready.getStatus().outputs.subnetIds.get(0);
        try (Ec2Client ec2 = ec2(region)) {
            assertThat(ec2.describeNatGateways(r -> r.filter(f -> f.name("tag:weka.io/cluster-uid")
                    .values(ready.getMetadata().getUid()))).natGateways()).hasSize(1);
            String routes = ec2.describeRouteTables(r -> r.filters(f -> f.name("association.subnet-id").values(subnet)))
                    .routeTables().get(0).routeTableId();
            List<VpcEndpoint> endpoints = ec2.describeVpcEndpoints(r -> r.filters(f -> f.name("vpc-id")
                    .values(ready.getStatus().outputs.vpcId))).vpcEndpoints();
            assertThat(endpoints).extracting(VpcEndpoint::serviceName).containsExactlyInAnyOrder(
                    "com.amazonaws.us-west-2.s3", "com.amazonaws.us-west-2.dynamodb",
                    "com.amazonaws.us-west-2.secretsmanager");
            assertThat(endpoints).filteredOn(e -> e.vpcEndpointTypeAsString().equals("Gateway"))
                    .allSatisfy(e -> assertThat(e.routeTableIds()).as("the private subnet's NAT route table")
                            .containsExactly(routes));
            assertThat(endpoints).filteredOn(e -> e.vpcEndpointTypeAsString().equals("Interface")).singleElement()
                    .satisfies(e -> {
                        assertThat(e.subnetIds()).containsExactly(subnet);
                        assertThat(e.groups()).extracting(g -> g.groupId())
                                .containsExactlyElementsOf(ready.getStatus().outputs.securityGroupIds);
                    });
        }
    }

    /** The emulator has no hosted zone or certificate of the example's ids: both are made first, as stand-ins. */
    @Test
    void theRoute53ExampleServesTheUiUnderItsAliasWithTheGivenCertificate() throws IOException {
        WekaReleaseBucket.seed();
        String zone;
        String certificate;
        try (Route53Client route53 = Route53Client.builder().region(Region.AWS_GLOBAL).build();
                AcmClient acm = AcmClient.builder().region(Region.of(LocalAws.REGION)).build()) {
            zone = route53.createHostedZone(r -> r.name("analytics.example.internal").callerReference(namespace))
                    .hostedZone().id().replace("/hostedzone/", "");
            SelfSignedCertificate own = SelfSignedCertificate.generate("weka.analytics.example.internal", "Example",
                    Instant.now());
            certificate = acm.importCertificate(r -> r.certificate(SdkBytes.fromUtf8String(own.certificatePem()))
                    .privateKey(SdkBytes.fromUtf8String(own.privateKeyPem()))).certificateArn();
        }

        WekaCluster ready = converge("alb-route53.yaml", Map.of("Z0123456789ABCDEFGHIJ", zone,
                "arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", certificate));

        assertThat(ready.getStatus().outputs.albDnsName).isEqualTo("weka.analytics.example.internal");
        assertThat(ready.getStatus().outputs.certificateSecretId).as("no certificate generated").isNull();
        try (ElasticLoadBalancingV2Client elb = ElasticLoadBalancingV2Client.builder().region(Region.of(LocalAws.REGION))
                .build(); Route53Client route53 = Route53Client.builder().region(Region.AWS_GLOBAL).build();
                AutoScalingClient autoScaling = AutoScalingClient.builder().region(Region.of(LocalAws.REGION)).build()) {
            LoadBalancer balancer = elb.describeLoadBalancers(r -> r.names("weka-weka-analytics-lb")).loadBalancers()
                    .get(0);
            assertThat(ready.getStatus().outputs.albArn).isEqualTo(balancer.loadBalancerArn());
            assertThat(elb.describeListeners(r -> r.loadBalancerArn(balancer.loadBalancerArn())).listeners())
                    .hasSize(2).allSatisfy(l -> assertThat(l.certificates()).extracting(c -> c.certificateArn())
                            .containsExactly(certificate));
            ResourceRecordSet record = route53.listResourceRecordSets(r -> r.hostedZoneId(zone)).resourceRecordSets()
                    .stream().filter(s -> s.name().equals("weka.analytics.example.internal.")).findFirst().orElseThrow();
            assertThat(record.aliasTarget().dnsName()).isEqualTo(balancer.dnsName());
            String targetGroup = elb.describeTargetGroups(r -> r.loadBalancerArn(balancer.loadBalancerArn()))
                    .targetGroups().get(0).targetGroupArn();
            assertThat(autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(
                    "weka-weka-analytics-autoscaling-group")).autoScalingGroups().get(0).targetGroupARNs())
                    .containsExactly(targetGroup);
        }
    }

    private WekaCluster converge(String example, Map<String, String> ids) throws IOException {
        String yaml = Files.readString(Path.of("examples", example));
        for (Map.Entry<String, String> id : ids.entrySet()) {
            assertThat(yaml).as(example + " names " + id.getKey()).contains(id.getKey());
            yaml = yaml.replace(id.getKey(), id.getValue());
        }
        Resource<WekaCluster> cluster = AppliedClusters.applyYaml(namespace, yaml);
        return AppliedClusters.awaitInfrastructureReady(cluster);
    }

    private static Ec2Client ec2(String region) {
        return Ec2Client.builder().region(Region.of(region)).build();
    }

    private static String subnet(Ec2Client ec2, String vpc, String cidr, String zone) {
        return ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock(cidr).availabilityZone(zone)
                .tagSpecifications(t -> t.resourceType(ResourceType.SUBNET).tags(g -> g.key("Name").value(cidr))))
                .subnet().subnetId();
    }

    private static AwsCredentialsProvider assumed(String roleArn) {
        try (StsClient sts = StsClient.builder().region(Region.of(LocalAws.REGION)).build()) {
            Credentials credentials = sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("seed")).credentials();
            return StaticCredentialsProvider.create(software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                    credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken()));
        }
    }
}
