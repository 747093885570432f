package io.weka.aws.operator.resources.ec2;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The launch-template fields the operator owns, read the same way from what it sends (a request) and from what EC2
 * holds (a version's data), so that drift is a plain comparison. Fields AWS adds on its own are not among them.
 */
record LaunchTemplateFields(String imageId, String instanceType, String keyName, Boolean disableApiTermination,
        Boolean disableApiStop, Boolean ebsOptimized, String shutdownBehavior, List<Device> blockDevices,
        String cpuCredits, String instanceProfileArn, String httpEndpoint, String httpTokens, Integer hopLimit,
        String metadataTags, Boolean monitoring, List<Nic> networkInterfaces, String availabilityZone,
        String placementGroup, String capacityReservationId, Map<String, Map<String, String>> tagSpecifications,
        String userData) {

    record Device(String deviceName, Integer volumeSize, String volumeType, Boolean deleteOnTermination,
            Boolean encrypted, String kmsKeyId) {
    }

    record Nic(Integer deviceIndex, Boolean associatePublicIp, Boolean deleteOnTermination, Set<String> groups,
            String subnetId) {
    }

    static LaunchTemplateFields of(RequestLaunchTemplateData d) {
        return new LaunchTemplateFields(d.imageId(), d.instanceTypeAsString(), d.keyName(), d.disableApiTermination(),
                d.disableApiStop(), d.ebsOptimized(), d.instanceInitiatedShutdownBehaviorAsString(),
                sorted(d.blockDeviceMappings().stream().map(m -> m.ebs() == null ? new Device(m.deviceName(), null,
                        null, null, null, null) : new Device(m.deviceName(), m.ebs().volumeSize(),
                        m.ebs().volumeTypeAsString(), m.ebs().deleteOnTermination(), m.ebs().encrypted(),
                        m.ebs().kmsKeyId())), Comparator.comparing(Device::deviceName)),
                d.creditSpecification() == null ? null : d.creditSpecification().cpuCredits(),
                d.iamInstanceProfile() == null ? null : d.iamInstanceProfile().arn(),
                d.metadataOptions() == null ? null : d.metadataOptions().httpEndpointAsString(),
                d.metadataOptions() == null ? null : d.metadataOptions().httpTokensAsString(),
                d.metadataOptions() == null ? null : d.metadataOptions().httpPutResponseHopLimit(),
                d.metadataOptions() == null ? null : d.metadataOptions().instanceMetadataTagsAsString(),
                d.monitoring() == null ? null : d.monitoring().enabled(),
                sorted(d.networkInterfaces().stream().map(n -> new Nic(n.deviceIndex(), n.associatePublicIpAddress(),
                        n.deleteOnTermination(), new TreeSet<>(n.groups()), n.subnetId())),
                        Comparator.comparing(Nic::deviceIndex, Comparator.nullsFirst(Comparator.naturalOrder()))),
                d.placement() == null ? null : d.placement().availabilityZone(),
                d.placement() == null ? null : d.placement().groupName(),
                d.capacityReservationSpecification() == null
                        || d.capacityReservationSpecification().capacityReservationTarget() == null ? null
                        : d.capacityReservationSpecification().capacityReservationTarget().capacityReservationId(),
                d.tagSpecifications().stream().collect(Collectors.toMap(t -> t.resourceTypeAsString(),
                        t -> tags(t.tags()), (a, b) -> b, TreeMap::new)),
                d.userData());
    }

    static LaunchTemplateFields of(ResponseLaunchTemplateData d) {
        return new LaunchTemplateFields(d.imageId(), d.instanceTypeAsString(), d.keyName(), d.disableApiTermination(),
                d.disableApiStop(), d.ebsOptimized(), d.instanceInitiatedShutdownBehaviorAsString(),
                sorted(d.blockDeviceMappings().stream().map(m -> m.ebs() == null ? new Device(m.deviceName(), null,
                        null, null, null, null) : new Device(m.deviceName(), m.ebs().volumeSize(),
                        m.ebs().volumeTypeAsString(), m.ebs().deleteOnTermination(), m.ebs().encrypted(),
                        m.ebs().kmsKeyId())), Comparator.comparing(Device::deviceName)),
                d.creditSpecification() == null ? null : d.creditSpecification().cpuCredits(),
                d.iamInstanceProfile() == null ? null : d.iamInstanceProfile().arn(),
                d.metadataOptions() == null ? null : d.metadataOptions().httpEndpointAsString(),
                d.metadataOptions() == null ? null : d.metadataOptions().httpTokensAsString(),
                d.metadataOptions() == null ? null : d.metadataOptions().httpPutResponseHopLimit(),
                d.metadataOptions() == null ? null : d.metadataOptions().instanceMetadataTagsAsString(),
                d.monitoring() == null ? null : d.monitoring().enabled(),
                sorted(d.networkInterfaces().stream().map(n -> new Nic(n.deviceIndex(), n.associatePublicIpAddress(),
                        n.deleteOnTermination(), new TreeSet<>(n.groups()), n.subnetId())),
                        Comparator.comparing(Nic::deviceIndex, Comparator.nullsFirst(Comparator.naturalOrder()))),
                d.placement() == null ? null : d.placement().availabilityZone(),
                d.placement() == null ? null : d.placement().groupName(),
                d.capacityReservationSpecification() == null
                        || d.capacityReservationSpecification().capacityReservationTarget() == null ? null
                        : d.capacityReservationSpecification().capacityReservationTarget().capacityReservationId(),
                // The template's own tags are no part of its data; moto copies them in as "launch-template".
                d.tagSpecifications().stream().filter(t -> !"launch-template".equals(t.resourceTypeAsString()))
                        .collect(Collectors.toMap(t -> t.resourceTypeAsString(), t -> tags(t.tags()), (a, b) -> b,
                                TreeMap::new)),
                d.userData());
    }

    /** The names of the fields that differ from {@code other}'s; empty when they match. */
    List<String> differences(LaunchTemplateFields other) {
        List<String> differing = new ArrayList<>();
        try {
            for (RecordComponent component : LaunchTemplateFields.class.getRecordComponents()) {
                if (!Objects.equals(component.getAccessor().invoke(this), component.getAccessor().invoke(other))) {
                    differing.add(component.getName());
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return differing;
    }

    private static <T> List<T> sorted(java.util.stream.Stream<T> items, Comparator<T> order) {
        return items.sorted(order).toList();
    }

    private static Map<String, String> tags(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b, TreeMap::new));
    }
}
