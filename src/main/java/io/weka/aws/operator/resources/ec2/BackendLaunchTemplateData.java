package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.api.v1alpha1.spec.BackendsSpec;
import io.weka.aws.operator.api.v1alpha1.spec.MetadataHttpTokens;
import io.weka.aws.operator.model.ContainerLayouts;
import io.weka.aws.operator.model.BackendUserData;
import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.model.WekaFunction;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Facts;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMappingRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateHttpTokensState;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataEndpointState;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataTagsState;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateTagSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ShutdownBehavior;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/** What main.tf's aws_launch_template.launch_template holds, from the spec and the facts other resources published. */
final class BackendLaunchTemplateData {
    static final String WEKA_DEVICE = "/dev/sdp";
    /** The tag_specifications of the module (tags_dest). */
    static final List<String> TAGGED = List.of("instance", "network-interface", "volume");
    /** Tag keys instance metadata accepts (EC2 user guide, "View tags for your EC2 instances using instance metadata"). */
    private static final Pattern IMDS_TAG_KEY = Pattern.compile("[A-Za-z0-9+=.,_:@-]+");

    private BackendLaunchTemplateData() {
    }

    static RequestLaunchTemplateData desired(ClusterContext context, BackendImage image) {
        WekaClusterSpec spec = context.spec();
        BackendsSpec backends = spec.backends;
        boolean encrypted = spec.encryption.ebs;
        String kmsKey = encrypted ? context.find(Facts.EBS_KMS_KEY_ARN).orElse(null) : null;
        RequestLaunchTemplateData.Builder data = RequestLaunchTemplateData.builder()
                .imageId(image.imageId())
                .instanceType(backends.instanceType)
                .keyName(context.find(Facts.KEY_PAIR_NAME).orElse(null))
                .disableApiTermination(true)
                .disableApiStop(true)
                .ebsOptimized(true)
                .instanceInitiatedShutdownBehavior(ShutdownBehavior.TERMINATE)
                .blockDeviceMappings(
                        LaunchTemplateBlockDeviceMappingRequest.builder().deviceName(WEKA_DEVICE).ebs(e -> e
                                .volumeSize(wekaVolumeSize(backends)).volumeType(VolumeType.GP3)
                                .deleteOnTermination(true).encrypted(encrypted).kmsKeyId(kmsKey)).build(),
                        LaunchTemplateBlockDeviceMappingRequest.builder().deviceName(image.rootDeviceName()).ebs(e -> e
                                .volumeSize(image.rootVolumeSize()).encrypted(encrypted).kmsKeyId(kmsKey)).build())
                .creditSpecification(c -> c.cpuCredits("standard"))
                .iamInstanceProfile(p -> p.arn(context.require(Facts.INSTANCE_PROFILE_ARN)))
                .metadataOptions(m -> m.httpEndpoint(LaunchTemplateInstanceMetadataEndpointState.ENABLED)
                        .httpTokens(spec.metadataHttpTokens == MetadataHttpTokens.Optional
                                ? LaunchTemplateHttpTokensState.OPTIONAL : LaunchTemplateHttpTokensState.REQUIRED)
                        .httpPutResponseHopLimit(1)
                        .instanceMetadataTags(LaunchTemplateInstanceMetadataTagsState.ENABLED))
                .monitoring(m -> m.enabled(true))
                .networkInterfaces(n -> n.associatePublicIpAddress(context.require(Facts.ASSIGN_PUBLIC_IP))
                        .deleteOnTermination(true).deviceIndex(0).groups(context.require(Facts.SECURITY_GROUP_IDS))
                        .subnetId(context.require(Facts.SUBNET_ID)))
                .placement(p -> p.availabilityZone(context.require(Facts.AVAILABILITY_ZONE))
                        .groupName(context.find(Facts.PLACEMENT_GROUP_NAME).orElse(null)))
                .tagSpecifications(TAGGED.stream().map(type -> LaunchTemplateTagSpecificationRequest.builder()
                        .resourceType(type).tags(Ec2Tags.list(launchedTags(context, type))).build()).toList())
                .userData(Base64.getEncoder().encodeToString(userData(context).render().getBytes(StandardCharsets.UTF_8)));
        if (backends.capacityReservationId != null) {
            data.capacityReservationSpecification(c -> c.capacityReservationTarget(t -> t
                    .capacityReservationId(backends.capacityReservationId)));
        }
        return data.build();
    }

    /** main.tf local.weka_volume_size: the /opt/weka volume grows by 10 GB per extra NIC. */
    static int wekaVolumeSize(BackendsSpec backends) {
        return backends.wekaVolumeSize + 10 * (ContainerLayouts.of(backends).nics(backends.dpdk) - 1);
    }

    /**
     * Tags of what the template launches: the common tags plus Name, weka_cluster_name and weka_hostgroup_type.
     * Instances leave out keys instance metadata cannot carry (our identity tags' "/", spaces...): with tags in
     * instance metadata on, EC2 refuses to launch an instance with such a key. The ASG, which owns the instances,
     * and the instances' volumes and NICs carry them.
     */
    static Map<String, String> launchedTags(ClusterContext context, String resourceType) {
        Map<String, String> tags = new LinkedHashMap<>(context.tags().with(Map.of(
                "Name", context.names().backendNameTag(resourceType),
                ClusterTags.CLUSTER_NAME, context.names().cluster(),
                ClusterTags.HOSTGROUP_TYPE, "backend")));
        if (resourceType.equals("instance")) {
            tags.keySet().removeIf(key -> !IMDS_TAG_KEY.matcher(key).matches() || Set.of(".", "..", "_index").contains(key));
        }
        return tags;
    }

    /** The module's templatefile("user_data.sh", {...}) inputs. */
    static BackendUserData userData(ClusterContext context) {
        WekaClusterSpec spec = context.spec();
        Map<String, String> eniTags = new LinkedHashMap<>(Optional.ofNullable(spec.tags).orElse(Map.of()));
        eniTags.put(ClusterTags.APN_ID_KEY, ClusterTags.APN_ID);
        return new BackendUserData(spec.region, Optional.ofNullable(spec.network.proxyUrl).orElse(""),
                context.require(Facts.SUBNET_ID), context.require(Facts.SECURITY_GROUP_IDS),
                ContainerLayouts.of(spec.backends).nics(spec.backends.dpdk), context.names().function(WekaFunction.DEPLOY),
                context.names().backendLogGroup(), Optional.ofNullable(spec.backends.customData).orElse(""), eniTags);
    }
}
