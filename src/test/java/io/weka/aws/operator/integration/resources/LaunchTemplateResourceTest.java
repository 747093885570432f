package io.weka.aws.operator.integration.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.model.BackendUserData;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.InvalidReferenceException;
import io.weka.aws.operator.resources.ec2.LaunchTemplateResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceNetworkInterfaceSpecification;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateTagSpecification;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.Tag;

class LaunchTemplateResourceTest {
    private static final String NAME = "weka-prod-backend";
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private final LaunchTemplateResource resource = new LaunchTemplateResource();
    private String namespace;

    @BeforeEach
    void emptyAccount() {
        LocalAws.reset();
        namespace = LocalKubernetes.newNamespace("lt");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void holdsWhatTheModulesLaunchTemplateHolds() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC);
        ClusterContext context = converged(cluster);

        ResponseLaunchTemplateData data = latest(context);
        Image image = image(context, data.imageId());
        assertThat(image.name()).matches("al2023-ami-2023.*-kernel-6\\.1-x86_64");
        assertThat(image.imageOwnerAlias()).isEqualTo("amazon");
        assertThat(data.instanceTypeAsString()).isEqualTo("i3en.2xlarge");
        assertThat(data.keyName()).isEqualTo("weka-prod-ssh-key");
        assertThat(data.disableApiTermination()).isTrue();
        assertThat(data.disableApiStop()).isTrue();
        assertThat(data.ebsOptimized()).isTrue();
        assertThat(data.instanceInitiatedShutdownBehaviorAsString()).isEqualTo("terminate");
        assertThat(data.creditSpecification().cpuCredits()).isEqualTo("standard");
        assertThat(data.monitoring().enabled()).isTrue();
        assertThat(data.iamInstanceProfile().arn()).isEqualTo(context.require(Facts.INSTANCE_PROFILE_ARN));
        assertThat(data.metadataOptions().httpTokensAsString()).isEqualTo("required");
        assertThat(data.metadataOptions().httpEndpointAsString()).isEqualTo("enabled");
        assertThat(data.metadataOptions().httpPutResponseHopLimit()).isEqualTo(1);
        assertThat(data.metadataOptions().instanceMetadataTagsAsString()).isEqualTo("enabled");
        String kms = context.require(Facts.EBS_KMS_KEY_ARN);
        LaunchTemplateBlockDeviceMapping weka = device(data, "/dev/sdp");
        assertThat(weka.ebs().volumeSize()).as("48 GB + 10 GB for each of 3 extra NICs").isEqualTo(78);
        assertThat(weka.ebs().volumeTypeAsString()).isEqualTo("gp3");
        assertThat(weka.ebs().deleteOnTermination()).isTrue();
        assertThat(weka.ebs().encrypted()).isTrue();
        assertThat(weka.ebs().kmsKeyId()).isEqualTo(kms);
        LaunchTemplateBlockDeviceMapping root = device(data, image.rootDeviceName());
        assertThat(root.ebs().volumeSize()).as("the AMI's root size").isEqualTo(
                image.blockDeviceMappings().get(0).ebs().volumeSize());
        assertThat(root.ebs().encrypted()).isTrue();
        assertThat(root.ebs().kmsKeyId()).isEqualTo(kms);
        assertThat(root.ebs().deleteOnTermination()).as("said, not left to the AMI: no paid volume outlives a backend")
                .isTrue();
        assertThat(data.blockDeviceMappings()).hasSize(2);
        LaunchTemplateInstanceNetworkInterfaceSpecification nic = data.networkInterfaces().get(0);
        assertThat(data.networkInterfaces()).hasSize(1);
        assertThat(nic.deviceIndex()).isZero();
        assertThat(nic.associatePublicIpAddress()).isFalse();
        assertThat(nic.deleteOnTermination()).isTrue();
        assertThat(nic.groups()).isEqualTo(context.require(Facts.SECURITY_GROUP_IDS));
        assertThat(nic.subnetId()).isEqualTo(context.require(Facts.SUBNET_ID));
        assertThat(data.placement().availabilityZone()).isEqualTo(BackendFixtures.ZONE);
        assertThat(data.placement().groupName()).isEqualTo("weka-prod-placement-group");
        assertThat(data.capacityReservationSpecification()).isNull();
        assertThat(context.require(Facts.LAUNCH_TEMPLATE_ID)).isEqualTo(template(context).launchTemplateId());
        assertThat(tags(template(context).tags())).containsEntry("weka.io/cluster-uid", cluster.getMetadata().getUid());
        assertThat(context.changes()).filteredOn(c -> c.kind().equals("LaunchTemplate"))
                .extracting(ClusterContext.Change::action).containsExactly("Created");
    }

    @Test
    void tagsWhatItLaunchesAsTheModuleDoes() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC + "tags: {team: storage}\n");
        ClusterContext context = converged(cluster);

        // moto also lists the template's own tags here, as "launch-template"; EC2 does not.
        Map<String, Map<String, String>> specs = latest(context).tagSpecifications().stream()
                .filter(t -> !t.resourceTypeAsString().equals("launch-template")).collect(Collectors.toMap(
                        LaunchTemplateTagSpecification::resourceTypeAsString, t -> tags(t.tags())));
        assertThat(specs).containsOnlyKeys("instance", "network-interface", "volume");
        specs.forEach((type, tags) -> assertThat(tags).as(type)
                .containsEntry("Name", "weka-prod-" + type + "-backend")
                .containsEntry("weka_cluster_name", "prod")
                .containsEntry("weka_hostgroup_type", "backend")
                .containsEntry("team", "storage")
                .containsEntry("aws-apn-id", "pc:epkj0ftddjwa38m3oq9umjjlm"));
        assertThat(specs.get("instance").keySet()).as("keys instance metadata can carry").noneMatch(k -> k.contains("/"));
        assertThat(specs.get("volume")).containsEntry("weka.io/cluster-uid", cluster.getMetadata().getUid());
        assertThat(specs.get("network-interface")).containsEntry("weka.io/cluster-uid", cluster.getMetadata().getUid());
    }

    @Test
    void userDataIsTheModulesScriptForThisCluster() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC + """
                tags: {team: storage}
                network: {proxyUrl: "http://proxy.internal:3128"}
                backends: {customData: "echo hello"}
                """);
        ClusterContext context = converged(cluster);

        String userData = new String(Base64.getDecoder().decode(latest(context).userData()), StandardCharsets.UTF_8);

        assertThat(userData).isEqualTo(new BackendUserData("us-east-1", "http://proxy.internal:3128",
                context.require(Facts.SUBNET_ID), context.require(Facts.SECURITY_GROUP_IDS), 4,
                "weka-prod-deploy-lambda", "/wekaio/weka-prod", "echo hello",
                Map.of("team", "storage", "aws-apn-id", "pc:epkj0ftddjwa38m3oq9umjjlm")).render());
    }

    @Test
    void aSecondConvergeMakesNoMutatingCall() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC);
        converged(cluster);
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);

        ClusterContext second = converged(cluster);

        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(second.changes()).isEmpty();
        assertThat(template(second).latestVersionNumber()).isEqualTo(1L);
    }

    @Test
    void aVersionMadeByHandIsSupersededByTheSpecsAndMadeDefault() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC);
        ClusterContext first = converged(cluster);
        Ec2Client ec2 = first.aws().ec2();
        String id = template(first).launchTemplateId();
        long byHand = ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(id).sourceVersion("1")
                .launchTemplateData(d -> d.instanceType("m5.large").disableApiTermination(false)))
                .launchTemplateVersion().versionNumber();
        ec2.modifyLaunchTemplate(r -> r.launchTemplateId(id).defaultVersion(Long.toString(byHand)));

        ClusterContext second = converged(cluster);

        LaunchTemplate template = template(second);
        assertThat(template.latestVersionNumber()).isEqualTo(3L);
        assertThat(template.defaultVersionNumber()).isEqualTo(3L);
        assertThat(latest(second).instanceTypeAsString()).isEqualTo("i3en.2xlarge");
        assertThat(latest(second).disableApiTermination()).isTrue();
        assertThat(second.changes()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo("Updated");
            // moto ignores SourceVersion, so the version made by hand holds only the two fields it set.
            assertThat(c.detail()).startsWith("version 3 (default): ").contains("instanceType", "disableApiTermination");
        });
    }

    @Test
    void aDefaultMovedAwayFromTheLatestIsMovedBack() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC);
        ClusterContext first = converged(cluster);
        cluster.getSpec().backends.instanceType = "i3en.6xlarge";
        converged(cluster);
        first.aws().ec2().modifyLaunchTemplate(r -> r.launchTemplateName(NAME).defaultVersion("1"));

        ClusterContext third = converged(cluster);

        assertThat(template(third).defaultVersionNumber()).isEqualTo(2L);
        assertThat(third.changes()).extracting(ClusterContext.Change::detail)
                .containsExactly("default version set to the latest, 2");
    }

    @Test
    void aChangedInstanceTypeMakesANewVersionWithItsNicsAndVolume() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC);
        converged(cluster);
        cluster.getSpec().backends.instanceType = "i3en.6xlarge";

        ClusterContext second = converged(cluster);

        ResponseLaunchTemplateData data = latest(second);
        assertThat(data.instanceTypeAsString()).isEqualTo("i3en.6xlarge");
        assertThat(device(data, "/dev/sdp").ebs().volumeSize()).isEqualTo(48 + 10 * 7);
        assertThat(decoded(data)).contains("nics_num=8\n");
        assertThat(template(second).defaultVersionNumber()).isEqualTo(2L);
        assertThat(second.changes()).extracting(ClusterContext.Change::detail)
                .containsExactly("version 2 (default): instanceType, blockDevices, userData changed");
    }

    @Test
    void optionalPartsFollowTheSpec() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC + """
                metadataHttpTokens: Optional
                sshKey: {enabled: false}
                encryption: {ebs: false}
                backends:
                  dpdk: false
                  usePlacementGroup: false
                  rootVolumeSize: 50
                  wekaVolumeSize: 60
                  capacityReservationId: cr-0123456789abcdef0
                """);
        ClusterContext context = converged(cluster);

        ResponseLaunchTemplateData data = latest(context);
        assertThat(data.keyName()).isNull();
        assertThat(data.placement().groupName()).isNull();
        assertThat(data.metadataOptions().httpTokensAsString()).isEqualTo("optional");
        assertThat(data.capacityReservationSpecification().capacityReservationTarget().capacityReservationId())
                .isEqualTo("cr-0123456789abcdef0");
        LaunchTemplateBlockDeviceMapping weka = device(data, "/dev/sdp");
        assertThat(weka.ebs().volumeSize()).as("one NIC over UDP: no addition").isEqualTo(60);
        assertThat(weka.ebs().encrypted()).isFalse();
        assertThat(weka.ebs().kmsKeyId()).isNull();
        LaunchTemplateBlockDeviceMapping root = device(data, image(context, data.imageId()).rootDeviceName());
        assertThat(root.ebs().volumeSize()).isEqualTo(50);
        assertThat(root.ebs().encrypted()).isFalse();
        assertThat(decoded(data)).contains("nics_num=1\n");
    }

    @Test
    void i8geBackendsRunTheArm64Image() {
        ClusterContext context = converged(TestClusters.stored(namespace, "prod", BackendFixtures.SPEC
                + "backends: {instanceType: i8ge.3xlarge}\n"));

        Image image = image(context, latest(context).imageId());
        assertThat(image.name()).matches("al2023-ami-2023.*-kernel-6\\.1-arm64");
        assertThat(image.architectureAsString()).isEqualTo("arm64");
    }

    @Test
    void aGivenImageIsUsedWithItsOwnRootDevice() {
        Ec2Client ec2 = TestClusters.context(TestClusters.stored(namespace, "probe", BackendFixtures.SPEC), aws)
                .aws().ec2();
        Image given = ec2.describeImages(r -> r.owners("amazon").filters(f -> f.name("name")
                .values("al2023-ami-minimal-2023*-kernel-6.12-x86_64"))).images().get(0);

        ClusterContext context = converged(TestClusters.stored(namespace, "prod", BackendFixtures.SPEC
                + "backends: {amiId: " + given.imageId() + "}\n"));

        assertThat(latest(context).imageId()).isEqualTo(given.imageId());
        assertThat(device(latest(context), given.rootDeviceName()).ebs().volumeSize())
                .isEqualTo(given.blockDeviceMappings().get(0).ebs().volumeSize());
    }

    @Test
    void anUnknownImageIsAnInvalidReference() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC
                + "backends: {amiId: ami-0123456789abcdef0}\n");
        ClusterContext context = TestClusters.context(cluster, aws);
        BackendFixtures.convergeProducers(context);

        assertThatThrownBy(() -> resource.converge(context)).isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("backends.amiId ami-0123456789abcdef0");
        assertThat(context.aws().ec2().describeLaunchTemplates().launchTemplates()).isEmpty();
    }

    private ClusterContext converged(WekaCluster cluster) {
        ClusterContext context = TestClusters.context(cluster, aws);
        BackendFixtures.convergeProducers(context);
        resource.converge(context);
        return context;
    }

    private static LaunchTemplate template(ClusterContext context) {
        return context.aws().ec2().describeLaunchTemplates(r -> r.launchTemplateNames(NAME)).launchTemplates().get(0);
    }

    private static ResponseLaunchTemplateData latest(ClusterContext context) {
        return context.aws().ec2().describeLaunchTemplateVersions(r -> r.launchTemplateName(NAME).versions("$Latest"))
                .launchTemplateVersions().get(0).launchTemplateData();
    }

    private static Image image(ClusterContext context, String id) {
        return context.aws().ec2().describeImages(r -> r.imageIds(id)).images().get(0);
    }

    private static LaunchTemplateBlockDeviceMapping device(ResponseLaunchTemplateData data, String name) {
        Map<String, LaunchTemplateBlockDeviceMapping> devices = data.blockDeviceMappings().stream()
                .collect(Collectors.toMap(LaunchTemplateBlockDeviceMapping::deviceName, Function.identity()));
        assertThat(devices).containsKey(name);
        return devices.get(name);
    }

    private static String decoded(ResponseLaunchTemplateData data) {
        return new String(Base64.getDecoder().decode(data.userData()), StandardCharsets.UTF_8);
    }

    private static Map<String, String> tags(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
