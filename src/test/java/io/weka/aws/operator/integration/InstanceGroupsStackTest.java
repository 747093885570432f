package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.dsl.Resource;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.status.OutputsStatus;
import io.weka.aws.operator.testenv.AppliedClusters;
import io.weka.aws.operator.testenv.AwsLeftovers;
import io.weka.aws.operator.testenv.InProcessOperator;
import io.weka.aws.operator.testenv.WekaReleaseBucket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Issue 4's acceptance for clients and gateways: examples/with-clients.yaml and examples/nfs-smb-gateways.yaml applied
 * to the real API server and converged by the operator, with the groups' resources in the emulator and their names
 * and IPs in status.outputs.
 */
class InstanceGroupsStackTest {
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
        namespace = operator.freshNamespace("groups-stack");
        WekaReleaseBucket.seed();
    }

    @Test
    void withClientsExampleRunsItsClientsInAnAutoScalingGroupAndOutputsTheirIps() {
        Resource<WekaCluster> cluster = AppliedClusters.apply(namespace, Path.of("examples", "with-clients.yaml"));
        WekaCluster converged = AppliedClusters.awaitInfrastructureReady(cluster);
        String c = converged.clusterName();

        try (AutoScalingClient autoScaling = AutoScalingClient.builder().region(Region.US_EAST_1).build()) {
            AutoScalingGroup clients = autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(
                    "weka-" + c + "-client-asg")).autoScalingGroups().get(0);
            assertThat(List.of(clients.minSize(), clients.maxSize(), clients.desiredCapacity())).containsExactly(4, 4, 4);
            assertThat(clients.instances()).hasSize(4);
        }
        try (Ec2Client ec2 = Ec2Client.builder().region(Region.US_EAST_1).build()) {
            ResponseLaunchTemplateData template = ec2.describeLaunchTemplateVersions(r -> r
                    .launchTemplateName("weka-" + c + "-client-launch-template").versions("$Latest"))
                    .launchTemplateVersions().get(0).launchTemplateData();
            assertThat(template.instanceTypeAsString()).isEqualTo("c5n.9xlarge");
            assertThat(template.blockDeviceMappings()).singleElement()
                    .satisfies(d -> assertThat(d.ebs().volumeSize()).isEqualTo(100));
            assertThat(decoded(template.userData())).contains("dnf install -y fio",
                    "FRONTEND_CONTAINER_CORES_NUM=\"2\"", "mkdir -p /mnt/weka/projects /mnt/weka/scratch",
                    "ips=(" + converged.getStatus().outputs.albDnsName + ")", "-----BEGIN CERTIFICATE-----");
        }
        try (IamClient iam = IamClient.builder().region(Region.AWS_GLOBAL).build()) {
            assertThat(iam.getInstanceProfile(r -> r.instanceProfileName("weka-" + c + "-client-instance-profile"))
                    .instanceProfile().roles()).extracting(r -> r.roleName()).containsExactly("weka-" + c + "-client-iam-role");
        }
        OutputsStatus outputs = converged.getStatus().outputs;
        assertThat(outputs.clientAsgName).isEqualTo("weka-" + c + "-client-asg");
        assertThat(outputs.clientIps).hasSize(4);
        assertThat(converged.getStatus().resources).extracting(r -> r.kind)
                .contains("ClientsAutoScalingGroup", "ClientsLaunchTemplate");
    }

    @Test
    void nfsSmbGatewaysExampleConvergesIntoAnNfsGroupAndThreeProtectedSmbGateways() {
        WekaReleaseBucket.seed("eu-central-1", DefaultCredentialsProvider.builder().build());
        Resource<WekaCluster> cluster = AppliedClusters.apply(namespace, Path.of("examples", "nfs-smb-gateways.yaml"));
        WekaCluster converged = AppliedClusters.awaitInfrastructureReady(cluster);
        String c = converged.clusterName();

        try (AutoScalingClient autoScaling = AutoScalingClient.builder().region(Region.EU_CENTRAL_1).build()) {
            AutoScalingGroup nfs = autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(
                    "weka-" + c + "-nfs-protocol-gateway")).autoScalingGroups().get(0);
            assertThat(List.of(nfs.minSize(), nfs.maxSize(), nfs.desiredCapacity())).containsExactly(2, 2, 2);
        }
        try (Ec2Client ec2 = Ec2Client.builder().region(Region.EU_CENTRAL_1).build()) {
            List<String> smb = ec2.describeInstances(r -> r.filters(
                    f -> f.name("tag:Name").values("weka-" + c + "-smb-protocol-gateway"),
                    f -> f.name("instance-state-name").values("running"))).reservations().stream()
                    .flatMap(r -> r.instances().stream()).map(i -> i.instanceId()).toList();
            assertThat(smb).hasSize(3).allSatisfy(id -> assertThat(ec2.describeInstanceAttribute(r -> r.instanceId(id)
                    .attribute("disableApiTermination")).disableApiTermination().value()).isTrue());
            assertThat(decoded(ec2.describeLaunchTemplateVersions(r -> r
                    .launchTemplateName("weka-" + c + "-smb-protocol-gateway-launch-template").versions("$Latest"))
                    .launchTemplateVersions().get(0).launchTemplateData().userData()))
                    .contains("weka smb cluster create WEKA-SMB corp.example.com .config_fs");
            assertThat(decoded(ec2.describeLaunchTemplateVersions(r -> r
                    .launchTemplateName("weka-" + c + "-nfs-protocol-gateway-launch-template").versions("$Latest"))
                    .launchTemplateVersions().get(0).launchTemplateData().userData()))
                    .contains("--secondary-private-ip-address-count \"3\"");
        }
        OutputsStatus outputs = converged.getStatus().outputs;
        assertThat(outputs.nfsGatewaysName).isEqualTo("weka-" + c + "-nfs-protocol-gateway");
        assertThat(outputs.nfsGatewayIps).hasSize(2);
        assertThat(outputs.smbGatewaysName).isEqualTo("weka-" + c + "-smb-protocol-gateway");
        assertThat(outputs.smbGatewayIps).hasSize(3);
        assertThat(outputs.s3GatewaysName).isNull();
    }

    @Test
    void deletingAClusterWithEveryGroupLeavesNothingOfIt() throws IOException {
        Resource<WekaCluster> cluster = AppliedClusters.applyYaml(namespace, Files.readString(
                Path.of("examples", "minimal.yaml")).replace("  region: us-east-1\n", """
                  region: us-east-1
                  clients: {count: 2}
                  protocolGateways:
                    nfs: {count: 2}
                    smb: {count: 3, domainName: corp.example.com}
                    s3: {count: 1}
                  dataServices: {count: 1}
                """));
        WekaCluster ready = AppliedClusters.awaitInfrastructureReady(cluster);
        assertThat(AwsLeftovers.of(ready)).filteredOn(l -> l.startsWith("ec2:LaunchTemplate ")).hasSize(6);
        assertThat(AwsLeftovers.of(ready)).filteredOn(l -> l.startsWith("ec2:Instance ")).hasSize(6 + 2 + 2 + 3 + 1 + 1);

        cluster.delete();

        await("the WekaCluster released").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> cluster.get() == null);
        assertThat(AwsLeftovers.of(ready)).isEmpty();
    }

    private static String decoded(String userData) {
        return new String(Base64.getDecoder().decode(userData), StandardCharsets.UTF_8);
    }
}
