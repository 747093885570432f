package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.resources.ec2.KeyPairResource;
import io.weka.aws.operator.testenv.AppliedClusters;
import io.weka.aws.operator.testenv.AwsLeftovers;
import io.weka.aws.operator.testenv.InProcessOperator;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.WekaReleaseBucket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Deleting a WekaCluster: with deletionPolicy Delete every AWS resource carrying the cluster's identity goes,
 * in every service, before the finalizer is released, and nothing else is touched; with Retain, AWS stays as it was.
 */
class ClusterDeletionTest {
    /** What examples/minimal.yaml makes, by service and kind; the leftovers scan must see each before deletion. */
    private static final List<String> MINIMAL_KINDS = List.of("acm:Certificate", "autoscaling:Group", "dynamodb:Table",
            "ec2:Instance", "ec2:InternetGateway", "ec2:KeyPair", "ec2:LaunchTemplate", "ec2:PlacementGroup",
            "ec2:RouteTable", "ec2:SecurityGroup", "ec2:Subnet", "ec2:Vpc", "ec2:VpcEndpoint",
            "elasticloadbalancing:LoadBalancer", "elasticloadbalancing:TargetGroup", "events:Rule",
            "iam:InstanceProfile", "iam:Policy", "iam:Role", "lambda:Function", "logs:LogGroup",
            "secretsmanager:Secret", "states:StateMachine");
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
    void emptyAccountWithWekasReleaseBucket() {
        namespace = operator.freshNamespace("deletion");
        WekaReleaseBucket.seed();
    }

    @Test
    void deleteRemovesEveryResourceOfTheClusterAndNothingElse() {
        String bystanderGroup;
        try (Ec2Client ec2 = Ec2Client.builder().region(Region.of(LocalAws.REGION)).build();
                IamClient iam = IamClient.builder().region(Region.AWS_GLOBAL).build()) {
            bystanderGroup = ec2.createSecurityGroup(r -> r.groupName("weka-poc-sg-bystander").description("not ours")
                    .vpcId(ec2.describeVpcs().vpcs().get(0).vpcId())).groupId();
            iam.createRole(r -> r.roleName("weka-poc-bystander").assumeRolePolicyDocument("{}"));
        }
        Resource<WekaCluster> cluster = AppliedClusters.apply(namespace, Path.of("examples", "minimal.yaml"));
        WekaCluster ready = AppliedClusters.awaitInfrastructureReady(cluster);
        String uid = ready.getMetadata().getUid();
        assertThat(AwsLeftovers.kinds(AwsLeftovers.of(ready))).as("found before deletion").containsAll(MINIMAL_KINDS);
        protectAllInstances();

        cluster.delete();

        awaitGone(cluster);
        assertThat(AwsLeftovers.of(ready)).isEmpty();
        assertThat(sshKeySecret(ready)).as("the generated key goes with the cluster").isNull();
        try (Ec2Client ec2 = Ec2Client.builder().region(Region.of(LocalAws.REGION)).build();
                IamClient iam = IamClient.builder().region(Region.AWS_GLOBAL).build()) {
            assertThat(ec2.describeSecurityGroups(r -> r.groupIds(bystanderGroup)).securityGroups()).hasSize(1);
            assertThat(iam.getRole(r -> r.roleName("weka-poc-bystander")).role()).isNotNull();
        }
        assertThat(events(uid)).anySatisfy(e -> assertThat(e.getMessage()).startsWith("deleted AutoScalingGroup"));
    }

    @Test
    void aNatNetworkAndAnEmptyTieringBucketAreTakenDownToo() throws IOException {
        Resource<WekaCluster> cluster = AppliedClusters.applyYaml(namespace, Files.readString(
                Path.of("examples", "minimal.yaml")).replace("  region: us-east-1",
                "  region: us-east-1\n  network:\n    create:\n      natGateway: true\n  tiering:\n    enabled: true"));
        WekaCluster ready = AppliedClusters.awaitInfrastructureReady(cluster);
        String uid = ready.getMetadata().getUid();
        assertThat(AwsLeftovers.kinds(AwsLeftovers.of(ready))).contains("ec2:NatGateway", "ec2:Address", "s3:Bucket");

        cluster.delete();

        awaitGone(cluster);
        assertThat(AwsLeftovers.of(ready)).isEmpty();
    }

    @Test
    void turningTheKeyPairAndPlacementGroupOffRemovesThemAndNothingElse() {
        Resource<WekaCluster> cluster = AppliedClusters.apply(namespace, Path.of("examples", "minimal.yaml"));
        WekaCluster ready = AppliedClusters.awaitInfrastructureReady(cluster);
        List<String> before = AwsLeftovers.of(ready);

        cluster.edit(c -> {
            c.getSpec().sshKey.enabled = false;
            c.getSpec().backends.usePlacementGroup = false;
            return c;
        });

        await("key pair and placement group removed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(AwsLeftovers.kinds(AwsLeftovers.of(ready)))
                        .doesNotContain("ec2:KeyPair", "ec2:PlacementGroup"));
        assertThat(AwsLeftovers.of(ready)).containsAll(before.stream()
                .filter(r -> !r.startsWith("ec2:KeyPair") && !r.startsWith("ec2:PlacementGroup")).toList());
        AppliedClusters.awaitInfrastructureReady(cluster);
    }

    @Test
    void retainReleasesTheClusterAndLeavesAwsAsItWas() throws IOException {
        Resource<WekaCluster> cluster = AppliedClusters.applyYaml(namespace, Files.readString(
                Path.of("examples", "minimal.yaml")).replace("  region: us-east-1", "  region: us-east-1\n  deletionPolicy: Retain"));
        WekaCluster ready = AppliedClusters.awaitInfrastructureReady(cluster);
        String uid = ready.getMetadata().getUid();
        List<String> before = AwsLeftovers.of(ready);

        cluster.delete();

        awaitGone(cluster);
        assertThat(AwsLeftovers.of(ready)).containsExactlyInAnyOrderElementsOf(before);
        Secret key = sshKeySecret(ready);
        assertThat(key).as("the generated key stays with the key pair and the instances that accept it").isNotNull();
        assertThat(key.getMetadata().getOwnerReferences()).as("nothing for garbage collection to follow").isEmpty();
        assertThat(events(uid)).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Retained"));
    }

    /** The protection the launch template asks for, set on every instance as AWS does at launch. */
    private static void protectAllInstances() {
        try (Ec2Client ec2 = Ec2Client.builder().region(Region.of(LocalAws.REGION)).build()) {
            ec2.describeInstances().reservations().stream().flatMap(r -> r.instances().stream()).forEach(i -> {
                ec2.modifyInstanceAttribute(r -> r.instanceId(i.instanceId()).disableApiTermination(b -> b.value(true)));
                ec2.modifyInstanceAttribute(r -> r.instanceId(i.instanceId()).disableApiStop(b -> b.value(true)));
            });
        }
    }

    private Secret sshKeySecret(WekaCluster cluster) {
        return LocalKubernetes.client().secrets().inNamespace(namespace)
                .withName(KeyPairResource.sshKeySecretName(cluster).orElseThrow()).get();
    }

    private static void awaitGone(Resource<WekaCluster> cluster) {
        await("the WekaCluster released").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> cluster.get() == null);
    }

    private List<Event> events(String uid) {
        return LocalKubernetes.client().v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> uid.equals(e.getInvolvedObject().getUid())).toList();
    }
}
