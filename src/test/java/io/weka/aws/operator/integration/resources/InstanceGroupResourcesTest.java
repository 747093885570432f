package io.weka.aws.operator.integration.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.groups.Tuple.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.model.InstanceGroup;
import io.weka.aws.operator.resources.BackendStack;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.ConvergenceGraph;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.GroupFacts;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.SuspendedProcess;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Policy;

/**
 * Clients, NFS/SMB/S3 gateways and data services in the emulator: the module's names, tags, roles and policies,
 * launch template data and protections; counts converging up and down; a group turned off removing only its own.
 */
class InstanceGroupResourcesTest {
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private final ConvergenceGraph graph = new ConvergenceGraph(BackendStack.instanceGroups());
    private String namespace;

    @BeforeEach
    void emptyAccount() {
        LocalAws.reset();
        namespace = LocalKubernetes.newNamespace("groups");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void clientsArePlainInstancesWithTheModulesRoleTemplateAndTags() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC + """
                tags: {team: storage}
                clients: {count: 2, customDataPreMount: "echo pre-mount"}
                """);
        ClusterContext context = converged(cluster);

        assertRole(context, "weka-prod-client-iam-role", "weka-prod-client-instance-profile",
                "weka-prod-client-ec2-policy", "weka-prod-client-send-log-to-cloud-watch-policy",
                "weka-prod-client-autoscaling-policy");
        ResponseLaunchTemplateData template = latest(context, "weka-prod-client-launch-template");
        assertThat(template.instanceTypeAsString()).isEqualTo("c5.2xlarge");
        assertThat(template.disableApiTermination()).isFalse();
        assertThat(template.disableApiStop()).isNull();
        assertThat(template.iamInstanceProfile().arn()).isEqualTo(
                context.require(GroupFacts.instanceProfileArn(InstanceGroup.CLIENTS)));
        assertThat(template.placement().groupName()).isEqualTo(context.require(Facts.PLACEMENT_GROUP_NAME));
        assertThat(template.blockDeviceMappings()).singleElement().satisfies(d -> {
            assertThat(d.ebs().volumeSize()).isEqualTo(48);
            assertThat(d.ebs().volumeTypeAsString()).isEqualTo("gp3");
            assertThat(d.ebs().deleteOnTermination()).isTrue();
        });
        assertThat(userData(template)).contains("echo pre-mount\n", "/wekaio/clients/weka-prod-client",
                "mount -t wekafs", "weka-prod-autoscaling-group");
        List<Instance> instances = live(context, "weka-prod-client");
        assertThat(instances).extracting(i -> tags(i).get(InstanceGroup.INDEX_TAG)).containsExactlyInAnyOrder("0", "1");
        assertThat(instances).allSatisfy(i -> assertThat(tags(i)).containsEntry("weka_hostgroup_type", "client")
                .containsEntry("weka_cluster_name", "prod").containsEntry("team", "storage")
                .containsEntry(ClusterTags.INSTANCE_CLUSTER_UID, cluster.getMetadata().getUid())
                .doesNotContainKey("weka.io/cluster-uid"));
        assertThat(instances).allSatisfy(i -> assertThat(terminationProtected(context, i)).isFalse());
        assertThat(context.require(GroupFacts.ips(InstanceGroup.CLIENTS, false)))
                .containsExactlyInAnyOrderElementsOf(instances.stream().map(Instance::privateIpAddress).toList());

        Map<String, Double> before = TestClusters.mutatingCalls(metrics);
        ClusterContext second = converged(cluster);
        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(second.changes()).isEmpty();
    }

    @Test
    void clientsLeavingTheBackendsPlacementGroupGetTheirOwn() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC
                + "clients: {count: 1, useBackendsPlacementGroup: false}\n");
        ClusterContext own = converged(cluster);
        assertThat(latest(own, "weka-prod-client-launch-template").placement().groupName())
                .isEqualTo("weka-prod-client-placement-group");
        assertThat(own.aws().ec2().describePlacementGroups(r -> r.groupNames("weka-prod-client-placement-group"))
                .placementGroups()).singleElement().satisfies(g -> assertThat(g.strategyAsString()).isEqualTo("cluster"));

        cluster.getSpec().clients.useBackendsPlacementGroup = true;
        ClusterContext shared = converged(cluster);
        assertThat(latest(shared, "weka-prod-client-launch-template").placement().groupName())
                .isEqualTo(shared.require(Facts.PLACEMENT_GROUP_NAME));
        assertThat(shared.aws().ec2().describePlacementGroups().placementGroups())
                .extracting(g -> g.groupName()).containsExactly(shared.require(Facts.PLACEMENT_GROUP_NAME));
    }

    @Test
    void plainInstancesScaleDownFromTheHighestIndexAndBackUp() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC + "clients: {count: 3}\n");
        ClusterContext first = converged(cluster);
        String kept = byIndex(live(first, "weka-prod-client")).get("0");

        cluster.getSpec().clients.count = 1;
        ClusterContext down = converged(cluster);
        assertThat(byIndex(live(down, "weka-prod-client"))).containsOnlyKeys("0").containsEntry("0", kept);
        assertThat(down.changes()).extracting(ClusterContext.Change::action, ClusterContext.Change::kind)
                .containsOnly(tuple("Deleted", "ClientsInstances")).hasSize(2);

        cluster.getSpec().clients.count = 2;
        ClusterContext up = converged(cluster);
        assertThat(byIndex(live(up, "weka-prod-client"))).containsOnlyKeys("0", "1").containsEntry("0", kept);
    }

    @Test
    void anInstanceLaunchedByAnInterruptedPassIsFoundNotDuplicated() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC + """
                protocolGateways: {s3: {count: 1}}
                """);
        ClusterContext first = converged(cluster);
        // A pass that died right after RunInstances: its instance carries the index tag, nothing else records it.
        String template = first.require(GroupFacts.launchTemplateId(InstanceGroup.S3_GATEWAYS));
        String orphan = first.aws().ec2().runInstances(r -> r.launchTemplate(t -> t.launchTemplateId(template))
                .minCount(1).maxCount(1).tagSpecifications(s -> s.resourceType("instance").tags(
                        Tag.builder().key("Name").value("weka-prod-s3-protocol-gateway").build(),
                        Tag.builder().key(ClusterTags.INSTANCE_CLUSTER_UID).value(cluster.getMetadata().getUid()).build(),
                        Tag.builder().key(InstanceGroup.INDEX_TAG).value("1").build())))
                .instances().get(0).instanceId();

        cluster.getSpec().protocolGateways.s3.count = 2;
        ClusterContext second = converged(cluster);

        assertThat(byIndex(live(second, "weka-prod-s3-protocol-gateway"))).containsOnlyKeys("0", "1")
                .containsEntry("1", orphan);
        assertThat(second.changes()).filteredOn(c -> c.kind().equals("S3GatewaysInstances")).isEmpty();
    }

    @Test
    void clientsInAnAutoScalingGroupAndBackToPlainInstances() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC
                + "clients: {count: 2, useAutoscalingGroup: true}\n");
        ClusterContext context = converged(cluster);

        AutoScalingGroup group = group(context, "weka-prod-client-asg");
        assertThat(List.of(group.minSize(), group.maxSize(), group.desiredCapacity())).containsExactly(2, 2, 2);
        assertThat(group.newInstancesProtectedFromScaleIn()).isTrue();
        assertThat(group.tags()).extracting(TagDescription::key, TagDescription::value, TagDescription::propagateAtLaunch)
                .contains(tuple("Name", "weka-prod-client", false), tuple("weka_hostgroup_type", "client", false));
        assertThat(group.tags()).filteredOn(TagDescription::propagateAtLaunch).extracting(TagDescription::key)
                .as("only the identity the launch template cannot give").containsExactly(ClusterTags.INSTANCE_CLUSTER_UID);
        assertThat(live(context, "weka-prod-client")).isEmpty(); // the ASG's instances carry no index tags
        ClusterContext again = converged(cluster);
        assertThat(running(again, Filter.builder().name("tag:aws:autoscaling:groupName")
                .values("weka-prod-client-asg").build())).as("the plain-instance side leaves the ASG's alone").hasSize(2);
        assertThat(again.changes()).isEmpty();

        cluster.getSpec().clients.useAutoscalingGroup = false;
        ClusterContext plain = converged(cluster);
        assertThat(plain.aws().autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(
                "weka-prod-client-asg")).autoScalingGroups()).isEmpty();
        assertThat(live(plain, "weka-prod-client")).hasSize(2);
        assertThat(running(plain, Filter.builder().name("tag:aws:autoscaling:groupName")
                .values("weka-prod-client-asg").build())).isEmpty();
    }

    @Test
    void nfsGatewaysRunInAProtectedAutoScalingGroupThatFollowsTheirCount() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC + """
                protocolGateways: {nfs: {count: 2, interfaceGroupName: ig1}}
                """);
        ClusterContext context = converged(cluster);

        assertRole(context, "weka-prod-nfs-protocol-gateway-role", "weka-prod-nfs-protocol-gateway-instance-profile",
                "weka-prod-nfs-protocol-gateway-ec2-policy",
                "weka-prod-nfs-protocol-gateway-send-log-to-cloud-watch-policy",
                "weka-prod-nfs-protocol-gateway-autoscaling-policy",
                "weka-prod-nfs-protocol-gateway-invoke-lambda-function");
        ResponseLaunchTemplateData template = latest(context, "weka-prod-nfs-protocol-gateway-launch-template");
        assertThat(template.disableApiTermination()).isTrue();
        assertThat(template.disableApiStop()).isTrue();
        assertThat(template.instanceTypeAsString()).isEqualTo("c5n.2xlarge");
        assertThat(template.blockDeviceMappings()).extracting(LaunchTemplateBlockDeviceMapping::deviceName)
                .contains("/dev/sdp");
        assertThat(template.blockDeviceMappings()).as("the root volume too goes with the instance")
                .allSatisfy(d -> assertThat(d.ebs().deleteOnTermination()).isTrue());
        assertThat(template.tagSpecifications()).filteredOn(s -> s.resourceTypeAsString().equals("instance"))
                .singleElement().satisfies(s -> assertThat(s.tags()).extracting(Tag::key, Tag::value).contains(
                        tuple("Name", "weka-prod-nfs-protocol-gateway"), tuple("protocol", "NFS"),
                        tuple("weka_hostgroup_type", "gateways-protocol")));
        assertThat(userData(template)).contains("--secondary-private-ip-address-count \"3\"",
                "\\\"protocol\\\": \\\"nfs\\\"", "nics_num=2\n");
        AutoScalingGroup group = group(context, "weka-prod-nfs-protocol-gateway");
        assertThat(List.of(group.minSize(), group.maxSize(), group.desiredCapacity())).containsExactly(2, 2, 2);
        assertThat(group.suspendedProcesses()).extracting(SuspendedProcess::processName).contains("ReplaceUnhealthy");
        assertThat(group.tags()).extracting(TagDescription::key, TagDescription::propagateAtLaunch)
                .contains(tuple("weka-prod-nfs-protocol-gateway", true), tuple("Name", false));
        assertThat(context.require(GroupFacts.groupName(InstanceGroup.NFS_GATEWAYS, true)))
                .isEqualTo("weka-prod-nfs-protocol-gateway");

        cluster.getSpec().protocolGateways.nfs.count = 3;
        ClusterContext more = converged(cluster);
        assertThat(group(more, "weka-prod-nfs-protocol-gateway").instances()).hasSize(3);
        assertThat(more.changes()).extracting(ClusterContext.Change::detail).anyMatch(d -> d != null
                && d.contains("desired capacity 2 → 3"));
    }

    @Test
    void smbGatewaysAreProtectedAndLoseTheirProtectionOnlyToScaleDown() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC + """
                protocolGateways: {smb: {count: 4, domainName: corp.example.com}}
                """);
        ClusterContext context = converged(cluster);
        Map<String, String> ids = byIndex(live(context, "weka-prod-smb-protocol-gateway"));
        assertThat(ids).containsOnlyKeys("0", "1", "2", "3");
        assertThat(live(context, "weka-prod-smb-protocol-gateway")).allSatisfy(i -> {
            assertThat(terminationProtected(context, i)).isTrue();
            assertThat(context.aws().ec2().describeInstanceAttribute(r -> r.instanceId(i.instanceId())
                    .attribute("disableApiStop")).disableApiStop().value()).isTrue();
            assertThat(tags(i)).containsEntry("protocol", "SMB");
        });
        assertThat(userData(latest(context, "weka-prod-smb-protocol-gateway-launch-template")))
                .contains("weka smb cluster create Weka-SMB corp.example.com .config_fs");

        cluster.getSpec().protocolGateways.smb.count = 3;
        ClusterContext down = converged(cluster);

        assertThat(byIndex(live(down, "weka-prod-smb-protocol-gateway"))).containsOnlyKeys("0", "1", "2");
        assertThat(down.aws().ec2().describeInstances(r -> r.instanceIds(ids.get("3"))).reservations().get(0)
                .instances().get(0).state().name()).isIn(InstanceStateName.SHUTTING_DOWN, InstanceStateName.TERMINATED);
    }

    @Test
    void turningGroupsOffRemovesWhatTheyCreatedAndNothingElse() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC + """
                protocolGateways:
                  smb: {count: 3, domainName: corp.example.com}
                  s3: {count: 1}
                dataServices: {count: 1}
                """);
        ClusterContext on = converged(cluster);
        assertThat(live(on, "weka-prod-smb-protocol-gateway")).hasSize(3);
        assertThat(group(on, "weka-prod-data-services").instances()).hasSize(1);

        cluster.getSpec().protocolGateways.smb = null;
        cluster.getSpec().dataServices.count = 0;
        ClusterContext off = converged(cluster);

        assertThat(live(off, "weka-prod-smb-protocol-gateway")).isEmpty();
        assertThat(off.aws().autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(
                "weka-prod-data-services")).autoScalingGroups()).isEmpty();
        assertThat(running(off, Filter.builder().name("tag:aws:autoscaling:groupName")
                .values("weka-prod-data-services").build())).isEmpty();
        assertThat(templates(off)).containsExactly("weka-prod-s3-protocol-gateway-launch-template");
        try (IamClient iam = off.aws().iam()) {
            assertThat(iam.listRoles().roles()).extracting(r -> r.roleName())
                    .contains("weka-prod-s3-protocol-gateway-role", "weka-test-backend-role")
                    .doesNotContain("weka-prod-smb-protocol-gateway-role", "weka-prod-data-services-role");
            assertThat(iam.listPolicies(r -> r.scope("Local")).policies()).extracting(Policy::policyName)
                    .allMatch(n -> n.startsWith("weka-prod-s3-protocol-gateway-")).hasSize(4);
            assertThat(iam.listInstanceProfiles().instanceProfiles()).extracting(p -> p.instanceProfileName())
                    .containsExactlyInAnyOrder("weka-prod-s3-protocol-gateway-instance-profile",
                            BackendFixtures.INSTANCE_PROFILE);
        }
        assertThat(live(off, "weka-prod-s3-protocol-gateway")).hasSize(1);
        assertThat(off.changes()).extracting(ClusterContext.Change::action).containsOnly("Deleted");
    }

    /** Passes until the groups converged, as the reconciler requeues while AWS is still removing something. */
    private ClusterContext converged(WekaCluster cluster) {
        for (int pass = 0; pass < 5; pass++) {
            ClusterContext context = TestClusters.context(cluster, aws);
            BackendFixtures.convergeProducers(context);
            ConvergenceGraph.Result result = graph.converge(context, Runnable::run);
            result.failures().values().forEach(e -> {
                throw e;
            });
            if (result.converged()) {
                return context;
            }
        }
        return fail("the instance groups did not converge in 5 passes");
    }

    private static void assertRole(ClusterContext context, String role, String profile, String... policies) {
        IamClient iam = context.aws().iam();
        assertThat(iam.listAttachedRolePolicies(r -> r.roleName(role)).attachedPolicies())
                .extracting(AttachedPolicy::policyName)
                .containsExactlyInAnyOrder(concat(policies, "AmazonEC2RoleforSSM"));
        assertThat(iam.getInstanceProfile(r -> r.instanceProfileName(profile)).instanceProfile().roles())
                .extracting(r -> r.roleName()).containsExactly(role);
        assertThat(iam.getRole(r -> r.roleName(role)).role().tags()).extracting(t -> t.key())
                .contains("weka.io/cluster-uid");
    }

    private static String[] concat(String[] values, String last) {
        String[] all = java.util.Arrays.copyOf(values, values.length + 1);
        all[values.length] = last;
        return all;
    }

    private static ResponseLaunchTemplateData latest(ClusterContext context, String name) {
        Ec2Client ec2 = context.aws().ec2();
        LaunchTemplate template = ec2.describeLaunchTemplates(r -> r.launchTemplateNames(name)).launchTemplates().get(0);
        return ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(template.launchTemplateId())
                .versions("$Latest")).launchTemplateVersions().get(0).launchTemplateData();
    }

    private static List<String> templates(ClusterContext context) {
        return context.aws().ec2().describeLaunchTemplates().launchTemplates().stream()
                .map(LaunchTemplate::launchTemplateName).filter(n -> !n.endsWith("-backend")).toList();
    }

    private static String userData(ResponseLaunchTemplateData template) {
        return new String(Base64.getDecoder().decode(template.userData()), StandardCharsets.UTF_8);
    }

    private static AutoScalingGroup group(ClusterContext context, String name) {
        return context.aws().autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(name))
                .autoScalingGroups().get(0);
    }

    /** Instances with the Name tag that are not on their way out. */
    private static List<Instance> live(ClusterContext context, String name) {
        return running(context, Filter.builder().name("tag:Name").values(name).build()).stream()
                .filter(i -> tags(i).containsKey(InstanceGroup.INDEX_TAG)).toList();
    }

    private static List<Instance> running(ClusterContext context, Filter filter) {
        return context.aws().ec2().describeInstances(r -> r.filters(filter)).reservations().stream()
                .flatMap(r -> r.instances().stream())
                .filter(i -> i.state().name() == InstanceStateName.RUNNING || i.state().name() == InstanceStateName.PENDING)
                .toList();
    }

    private static Map<String, String> byIndex(List<Instance> instances) {
        return instances.stream().collect(Collectors.toMap(i -> tags(i).get(InstanceGroup.INDEX_TAG),
                Instance::instanceId, (a, b) -> fail("two live instances share index " + a), TreeMap::new));
    }

    private static boolean terminationProtected(ClusterContext context, Instance instance) {
        return context.aws().ec2().describeInstanceAttribute(r -> r.instanceId(instance.instanceId())
                .attribute("disableApiTermination")).disableApiTermination().value();
    }

    private static Map<String, String> tags(Instance instance) {
        return instance.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    }
}
