package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.api.v1alpha1.spec.MetadataHttpTokens;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Facts;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMappingRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateHttpTokensState;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataEndpointState;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataTagsState;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateTagSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ShutdownBehavior;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * What every launch template of the module holds alike (backends, clients, gateways, data services): EBS-optimised,
 * terminate on shutdown, standard credits, IMDS with tags and one hop, monitoring, one NIC in the security groups,
 * tags for instance, network-interface and volume. The inputs are what differs.
 *
 * @param protect   termination and stop protection (false: termination allowed, stop protection not set)
 * @param tags      the tags of what is launched, by resource type
 */
record InstanceLaunchData(BackendImage image, String instanceType, boolean protect,
        List<LaunchTemplateBlockDeviceMappingRequest> devices, String instanceProfileArn, String subnetId,
        String availabilityZone, String placementGroup, String capacityReservationId,
        Function<String, Map<String, String>> tags, String userData) {

    /** The module's tag_specifications (tags_dest). */
    static final List<String> TAGGED = List.of("instance", "network-interface", "volume");

    RequestLaunchTemplateData build(ClusterContext context) {
        RequestLaunchTemplateData.Builder data = RequestLaunchTemplateData.builder()
                .imageId(image.imageId())
                .instanceType(instanceType)
                .keyName(context.find(Facts.KEY_PAIR_NAME).orElse(null))
                .disableApiTermination(protect)
                .disableApiStop(protect ? Boolean.TRUE : null)
                .ebsOptimized(true)
                .instanceInitiatedShutdownBehavior(ShutdownBehavior.TERMINATE)
                .blockDeviceMappings(devices)
                .creditSpecification(c -> c.cpuCredits("standard"))
                .iamInstanceProfile(p -> p.arn(instanceProfileArn))
                .metadataOptions(m -> m.httpEndpoint(LaunchTemplateInstanceMetadataEndpointState.ENABLED)
                        .httpTokens(context.spec().metadataHttpTokens == MetadataHttpTokens.Optional
                                ? LaunchTemplateHttpTokensState.OPTIONAL : LaunchTemplateHttpTokensState.REQUIRED)
                        .httpPutResponseHopLimit(1)
                        .instanceMetadataTags(LaunchTemplateInstanceMetadataTagsState.ENABLED))
                .monitoring(m -> m.enabled(true))
                .networkInterfaces(n -> n.associatePublicIpAddress(context.require(Facts.ASSIGN_PUBLIC_IP))
                        .deleteOnTermination(true).deviceIndex(0).groups(context.require(Facts.SECURITY_GROUP_IDS))
                        .subnetId(subnetId))
                .placement(p -> p.availabilityZone(availabilityZone).groupName(placementGroup))
                .tagSpecifications(TAGGED.stream().map(type -> LaunchTemplateTagSpecificationRequest.builder()
                        .resourceType(type).tags(Ec2Tags.list(tags.apply(type))).build()).toList())
                .userData(Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8)));
        if (capacityReservationId != null) {
            data.capacityReservationSpecification(c -> c.capacityReservationTarget(t -> t
                    .capacityReservationId(capacityReservationId)));
        }
        return data.build();
    }

    /**
     * An EBS volume, encrypted with the cluster's key when EBS encryption is on; a null type is left to the AMI, as
     * the module leaves it on the root volume. Every volume goes with its instance, said explicitly rather than left to
     * the AMI: a terminated instance must not leave a paid volume behind.
     */
    static LaunchTemplateBlockDeviceMappingRequest volume(ClusterContext context, String device, int size,
            VolumeType type) {
        boolean encrypted = context.spec().encryption.ebs;
        String kmsKey = encrypted ? context.find(Facts.EBS_KMS_KEY_ARN).orElse(null) : null;
        return LaunchTemplateBlockDeviceMappingRequest.builder().deviceName(device).ebs(e -> e.volumeSize(size)
                .volumeType(type).deleteOnTermination(true).encrypted(encrypted).kmsKeyId(kmsKey))
                .build();
    }
}
