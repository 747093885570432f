package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.api.v1alpha1.spec.ClientsSpec;
import io.weka.aws.operator.api.v1alpha1.spec.InstanceGroupSpec;
import io.weka.aws.operator.model.InstanceGroup;
import io.weka.aws.operator.model.InstanceGroupUserData;
import io.weka.aws.operator.resources.InstanceGroupResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.elb.LoadBalancerResource;
import io.weka.aws.operator.resources.GroupFacts;
import io.weka.aws.operator.resources.Removal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMappingRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * The launch template {@code <ec2>-<cluster>-<base>-launch-template} of an optional instance group, as the module's
 * group modules write it: clients with a gp3 root volume and no protection; gateways and data services with the
 * /opt/weka volume and termination and stop protection. Clients go into the backends' placement group unless they
 * name their own or opt out; the others always do. A changed field becomes a new default version.
 */
public final class InstanceGroupLaunchTemplateResource extends InstanceGroupResource {
    public InstanceGroupLaunchTemplateResource(InstanceGroup group) {
        super(group, "LaunchTemplate");
    }

    @Override
    public Set<Fact<?>> needs() {
        Set<Fact<?>> needs = new HashSet<>(Set.of(Facts.SUBNET_ID, Facts.AVAILABILITY_ZONE, Facts.ASSIGN_PUBLIC_IP,
                Facts.SECURITY_GROUP_IDS, Facts.PLACEMENT_GROUP_NAME, Facts.KEY_PAIR_NAME, Facts.EBS_KMS_KEY_ARN,
                GroupFacts.instanceProfileArn(group)));
        if (group == InstanceGroup.CLIENTS) {
            needs.addAll(Set.of(GroupFacts.placementGroupName(group), Facts.ALB_AWS_DNS_NAME, Facts.CERTIFICATE_PEM));
        }
        return needs;
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(GroupFacts.launchTemplateId(group));
    }

    /** What the template should hold, given its image and the availability zone of the group's subnet. */
    static RequestLaunchTemplateData desired(ClusterContext context, InstanceGroup group, BackendImage image,
            String availabilityZone) {
        WekaClusterSpec spec = context.spec();
        InstanceGroupSpec settings = group.spec(spec).orElseThrow();
        String subnet = subnet(context, settings);
        List<LaunchTemplateBlockDeviceMappingRequest> devices = new ArrayList<>();
        group.wekaVolumeSize(spec).ifPresent(size -> devices.add(InstanceLaunchData.volume(context,
                BackendLaunchTemplateData.WEKA_DEVICE, size, VolumeType.GP3)));
        devices.add(group == InstanceGroup.CLIENTS
                ? InstanceLaunchData.volume(context, image.rootDeviceName(), image.rootVolumeSize(), VolumeType.GP3)
                : InstanceLaunchData.volume(context, image.rootDeviceName(), image.rootVolumeSize(), null));
        String userData = new InstanceGroupUserData(group, spec, context.names(), subnet,
                context.require(Facts.SECURITY_GROUP_IDS), LoadBalancerResource.publishedDnsName(context).orElse(null),
                context.find(Facts.CERTIFICATE_PEM).orElse(null)).render();
        return new InstanceLaunchData(image, group.instanceType(spec), group.protectedInstances(), devices,
                context.require(GroupFacts.instanceProfileArn(group)), subnet, availabilityZone,
                placementGroup(context, group), settings.capacityReservationId,
                type -> BackendLaunchTemplateData.launchedTags(context, type, group.launchedTags(context.names())),
                userData).build(context);
    }

    /**
     * clients.tf: the placement group clients name, else their own when they leave the backends' (none while
     * placement groups are off), else the backends' (if any). The other groups always use the backends'.
     */
    static String placementGroup(ClusterContext context, InstanceGroup group) {
        String backends = context.find(Facts.PLACEMENT_GROUP_NAME).orElse(null);
        if (group != InstanceGroup.CLIENTS) {
            return backends;
        }
        ClientsSpec clients = context.spec().clients;
        if (clients.placementGroupName != null) {
            return clients.placementGroupName;
        }
        return Boolean.FALSE.equals(clients.useBackendsPlacementGroup)
                ? context.find(GroupFacts.placementGroupName(group)).orElse(null) : backends;
    }

    static String subnet(ClusterContext context, InstanceGroupSpec settings) {
        return Optional.ofNullable(settings.subnetId).orElseGet(() -> context.require(Facts.SUBNET_ID));
    }

    @Override
    public void converge(ClusterContext context) {
        Ec2Client ec2 = context.aws().ec2();
        WekaClusterSpec spec = context.spec();
        InstanceGroupSpec settings = group.spec(spec).orElseThrow();
        BackendImage image = BackendImage.resolve(ec2, group.specPath(), settings.amiId, group.imageNamePattern(spec),
                group.rootVolumeSize(spec));
        String zone = settings.subnetId == null ? context.require(Facts.AVAILABILITY_ZONE)
                : ec2.describeSubnets(r -> r.subnetIds(settings.subnetId)).subnets().get(0).availabilityZone();
        String name = group.launchTemplateName(context.names());
        context.publish(GroupFacts.launchTemplateId(group),
                LaunchTemplateResource.converge(context, kind(), name, desired(context, group, image, zone)));
    }

    @Override
    public Removal delete(ClusterContext context) {
        Ec2Client ec2 = context.aws().ec2();
        String name = group.launchTemplateName(context.names());
        Optional<LaunchTemplate> found = ec2.describeLaunchTemplates(r -> r.filters(f -> f
                .name("launch-template-name").values(name))).launchTemplates().stream().findFirst();
        if (found.isPresent() && context.tags().owns(Ec2Tags.map(found.get().tags()))) {
            ec2.deleteLaunchTemplate(r -> r.launchTemplateId(found.get().launchTemplateId()));
            context.deleted(kind(), name);
        }
        return Removal.GONE;
    }
}
