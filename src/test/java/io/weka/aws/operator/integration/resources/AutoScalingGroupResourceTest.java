package io.weka.aws.operator.integration.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.ResourceConflictException;
import io.weka.aws.operator.resources.autoscaling.AutoScalingGroupResource;
import io.weka.aws.operator.resources.ec2.LaunchTemplateResource;
import io.weka.aws.operator.resources.elb.TargetGroupResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.autoscaling.model.SuspendedProcess;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

class AutoScalingGroupResourceTest {
    private static final String NAME = "weka-prod-autoscaling-group";
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private final AutoScalingGroupResource resource = new AutoScalingGroupResource();
    private String namespace;

    @BeforeEach
    void emptyAccount() {
        LocalAws.reset();
        namespace = LocalKubernetes.newNamespace("asg");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void createsTheModulesGroupAndItLaunchesSixProtectedBackends() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC + "tags: {team: storage}\n");
        ClusterContext context = converged(cluster);

        AutoScalingGroup group = group(context);
        assertThat(List.of(group.desiredCapacity(), group.minSize(), group.maxSize())).containsExactly(6, 6, 42);
        assertThat(group.newInstancesProtectedFromScaleIn()).isTrue();
        assertThat(group.suspendedProcesses()).extracting(SuspendedProcess::processName)
                .containsExactly("ReplaceUnhealthy");
        assertThat(group.launchTemplate().launchTemplateId()).isEqualTo(context.require(Facts.LAUNCH_TEMPLATE_ID));
        assertThat(group.launchTemplate().version()).isEqualTo("$Latest");
        assertThat(group.vpcZoneIdentifier()).isEqualTo(context.require(Facts.SUBNET_ID));
        assertThat(group.targetGroupARNs()).isEmpty();
        assertThat(group.tags()).extracting(TagDescription::key, TagDescription::value, TagDescription::propagateAtLaunch)
                .containsExactlyInAnyOrder(
                        tuple("weka-prod-asg", "prod", true),
                        tuple("Name", "weka-prod-instance-backend", false),
                        tuple("weka_cluster_name", "prod", false),
                        tuple("weka_hostgroup_type", "backend", false),
                        tuple("team", "storage", false),
                        tuple("aws-apn-id", "pc:epkj0ftddjwa38m3oq9umjjlm", false),
                        tuple("weka.io/cluster-uid", cluster.getMetadata().getUid(), false),
                        tuple("weka.io/cluster", namespace + "/prod", false));
        List<Instance> instances = instances(context);
        assertThat(instances).hasSize(6).allSatisfy(instance -> {
            assertThat(instance.instanceTypeAsString()).isEqualTo("i3en.2xlarge");
            assertThat(tags(instance.tags())).containsEntry("weka-prod-asg", "prod")
                    .containsEntry("weka_hostgroup_type", "backend").containsEntry("weka_cluster_name", "prod")
                    .containsEntry("Name", "weka-prod-instance-backend");
        });
        assertThat(context.aws().autoScaling().describeAutoScalingInstances().autoScalingInstances())
                .hasSize(6).allMatch(AutoScalingInstanceDetails::protectedFromScaleIn);
        assertThat(context.require(Facts.AUTO_SCALING_GROUP_NAME)).isEqualTo(NAME);
        assertThat(context.changes()).filteredOn(c -> c.kind().equals("AutoScalingGroup"))
                .extracting(ClusterContext.Change::action).containsExactly("Created");
    }

    @Test
    void aSecondConvergeMakesNoMutatingCall() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC);
        converged(cluster);
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);

        ClusterContext second = converged(cluster);

        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(second.changes()).isEmpty();
    }

    @Test
    void capacityChangedBehindItsBackIsSetBackAndReported() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC);
        ClusterContext first = converged(cluster);
        first.aws().autoScaling().updateAutoScalingGroup(r -> r.autoScalingGroupName(NAME).minSize(7).maxSize(10)
                .desiredCapacity(9));

        ClusterContext second = converged(cluster);

        AutoScalingGroup group = group(second);
        assertThat(List.of(group.desiredCapacity(), group.minSize(), group.maxSize())).containsExactly(6, 6, 42);
        assertThat(second.changes()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo("Updated");
            assertThat(c.kind()).isEqualTo("AutoScalingGroup");
            assertThat(c.detail()).isEqualTo("desired capacity 9 → 6; min size 7 → 6; max size 10 → 42");
        });
    }

    @Test
    void aChangedCountIsFollowedByDesiredMinAndMax() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC);
        converged(cluster);
        cluster.getSpec().backends.count = 8;

        ClusterContext second = converged(cluster);

        AutoScalingGroup group = group(second);
        assertThat(List.of(group.desiredCapacity(), group.minSize(), group.maxSize())).containsExactly(8, 8, 56);
        assertThat(instances(second)).hasSize(8);
        assertThat(second.changes()).extracting(ClusterContext.Change::detail)
                .containsExactly("desired capacity 6 → 8; min size 6 → 8; max size 42 → 56");
    }

    @Test
    void resumedProcessesLostTagsAndAnotherTemplateAreSetRight() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC);
        ClusterContext first = converged(cluster);
        AutoScalingClient autoScaling = first.aws().autoScaling();
        autoScaling.resumeProcesses(r -> r.autoScalingGroupName(NAME).scalingProcesses("ReplaceUnhealthy"));
        autoScaling.deleteTags(r -> r.tags(t -> t.resourceId(NAME).resourceType("auto-scaling-group")
                .key("weka-prod-asg")));
        autoScaling.updateAutoScalingGroup(r -> r.autoScalingGroupName(NAME).newInstancesProtectedFromScaleIn(false)
                .launchTemplate(t -> t.launchTemplateId(first.require(Facts.LAUNCH_TEMPLATE_ID)).version("1")));

        ClusterContext second = converged(cluster);

        AutoScalingGroup group = group(second);
        assertThat(group.suspendedProcesses()).extracting(SuspendedProcess::processName).contains("ReplaceUnhealthy");
        assertThat(group.tags()).extracting(TagDescription::key, TagDescription::propagateAtLaunch)
                .contains(tuple("weka-prod-asg", true));
        assertThat(group.newInstancesProtectedFromScaleIn()).isTrue();
        assertThat(group.launchTemplate().version()).isEqualTo("$Latest");
        assertThat(second.changes()).singleElement().satisfies(c -> assertThat(c.detail().split("; ")).containsExactly(
                "launch template " + first.require(Facts.LAUNCH_TEMPLATE_ID) + " 1 → "
                        + first.require(Facts.LAUNCH_TEMPLATE_ID) + " $Latest",
                "scale-in protection of new instances false → true",
                "ReplaceUnhealthy not suspended",
                "tags weka-prod-asg"));
    }

    @Test
    void aPublishedTargetGroupIsAttached() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC);
        converged(cluster);
        ClusterContext second = TestClusters.context(cluster, aws);
        BackendFixtures.convergeProducers(second);
        String vpc = second.require(Facts.VPC_ID);
        String targetGroup = second.aws().elb().createTargetGroup(r -> r.name("weka-prod-lb-tg").protocol("HTTPS")
                .port(14000).vpcId(vpc)).targetGroups().get(0).targetGroupArn();
        second.publish(Facts.TARGET_GROUP_ARN, targetGroup);
        new LaunchTemplateResource().converge(second);

        resource.converge(second);

        assertThat(group(second).targetGroupARNs()).containsExactly(targetGroup);
        assertThat(second.changes()).extracting(ClusterContext.Change::detail)
                .containsExactly("target group " + targetGroup + " attached");
    }

    @Test
    void removingTheTargetGroupDetachesItFirst() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);
        BackendFixtures.convergeProducers(context);
        new TargetGroupResource().converge(context);
        new LaunchTemplateResource().converge(context);
        resource.converge(context);
        assertThat(group(context).targetGroupARNs()).containsExactly(context.require(Facts.TARGET_GROUP_ARN));

        new TargetGroupResource().delete(TestClusters.context(cluster, aws));

        assertThat(group(context).targetGroupARNs()).isEmpty();
        assertThat(context.aws().elb().describeTargetGroups().targetGroups()).isEmpty();
    }

    @Test
    void aNamesakeOfAnotherClusterIsNotTakenOver() {
        converged(TestClusters.stored(LocalKubernetes.newNamespace("other"), "prod", BackendFixtures.SPEC));
        WekaCluster cluster = TestClusters.stored(namespace, "prod", BackendFixtures.SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);
        BackendFixtures.publishOthers(context);
        context.publish(Facts.LAUNCH_TEMPLATE_ID, "lt-0123456789abcdef0");

        assertThatThrownBy(() -> resource.converge(context)).isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining("belongs to other-");
    }

    /** The group with everything it needs: the fixtures' facts, this part's producers and the launch template. */
    private ClusterContext converged(WekaCluster cluster) {
        ClusterContext context = TestClusters.context(cluster, aws);
        BackendFixtures.convergeProducers(context);
        new LaunchTemplateResource().converge(context);
        resource.converge(context);
        return context;
    }

    private static AutoScalingGroup group(ClusterContext context) {
        return context.aws().autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(NAME))
                .autoScalingGroups().get(0);
    }

    private static List<Instance> instances(ClusterContext context) {
        return context.aws().ec2().describeInstances(r -> r.filters(f -> f.name("tag:aws:autoscaling:groupName")
                .values(NAME), f -> f.name("instance-state-name").values("running"))).reservations().stream()
                .flatMap(r -> r.instances().stream()).toList();
    }

    private static Map<String, String> tags(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
