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
import software.amazon.awssdk.core.SdkPojo;
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

    static LaunchTemplateFields of(RequestLaunchTemplateData data) {
        return read(data);
    }

    static LaunchTemplateFields of(ResponseLaunchTemplateData data) {
        return read(data);
    }

    /**
     * EC2 models what is sent and what it holds as two types with the same members, so both are read by member name
     * through the SDK's own field metadata.
     */
    private static LaunchTemplateFields read(SdkPojo d) {
        SdkPojo metadata = get(d, "MetadataOptions");
        SdkPojo placement = get(d, "Placement");
        SdkPojo reservation = get(d, "CapacityReservationSpecification");
        return new LaunchTemplateFields(get(d, "ImageId"), get(d, "InstanceType"), get(d, "KeyName"),
                get(d, "DisableApiTermination"), get(d, "DisableApiStop"), get(d, "EbsOptimized"),
                get(d, "InstanceInitiatedShutdownBehavior"),
                LaunchTemplateFields.<SdkPojo>list(d, "BlockDeviceMappings").stream().map(m -> {
                    SdkPojo ebs = get(m, "Ebs");
                    return new Device(get(m, "DeviceName"), get(ebs, "VolumeSize"), get(ebs, "VolumeType"),
                            get(ebs, "DeleteOnTermination"), get(ebs, "Encrypted"), get(ebs, "KmsKeyId"));
                }).sorted(Comparator.comparing(Device::deviceName)).toList(),
                get(get(d, "CreditSpecification"), "CpuCredits"), get(get(d, "IamInstanceProfile"), "Arn"),
                get(metadata, "HttpEndpoint"), get(metadata, "HttpTokens"), get(metadata, "HttpPutResponseHopLimit"),
                get(metadata, "InstanceMetadataTags"), get(get(d, "Monitoring"), "Enabled"),
                LaunchTemplateFields.<SdkPojo>list(d, "NetworkInterfaces").stream().map(n -> new Nic(
                        get(n, "DeviceIndex"), get(n, "AssociatePublicIpAddress"), get(n, "DeleteOnTermination"),
                        new TreeSet<>(LaunchTemplateFields.<String>list(n, "Groups")), get(n, "SubnetId")))
                        .sorted(Comparator.comparing(Nic::deviceIndex, Comparator.nullsFirst(Comparator.naturalOrder())))
                        .toList(),
                get(placement, "AvailabilityZone"), get(placement, "GroupName"),
                get(get(reservation, "CapacityReservationTarget"), "CapacityReservationId"),
                // The template's own tags are no part of its data; moto copies them in as "launch-template".
                LaunchTemplateFields.<SdkPojo>list(d, "TagSpecifications").stream()
                        .filter(t -> !"launch-template".equals(get(t, "ResourceType")))
                        .collect(Collectors.toMap(t -> (String) get(t, "ResourceType"),
                                t -> tags(LaunchTemplateFields.<Tag>list(t, "Tags")), (a, b) -> b, TreeMap::new)),
                get(d, "UserData"));
    }

    /** A member's value, or null when the member or its holder is absent. */
    @SuppressWarnings("unchecked")
    private static <T> T get(SdkPojo holder, String member) {
        if (holder == null) {
            return null;
        }
        return (T) holder.sdkFields().stream().filter(f -> f.memberName().equals(member)).findFirst()
                .map(f -> f.getValueOrDefault(holder)).orElse(null);
    }

    private static <T> List<T> list(SdkPojo holder, String member) {
        List<T> values = get(holder, member);
        return values == null ? List.of() : values;
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

    private static Map<String, String> tags(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b, TreeMap::new));
    }
}
