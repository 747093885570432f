package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.api.v1alpha1.spec.BackendsSpec;
import io.weka.aws.operator.model.ContainerLayouts;
import io.weka.aws.operator.model.BackendUserData;
import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.model.WekaFunction;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Facts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/** What main.tf's aws_launch_template.launch_template holds, from the spec and the facts other resources published. */
final class BackendLaunchTemplateData {
    static final String WEKA_DEVICE = "/dev/sdp";
    /** Tag keys instance metadata accepts (EC2 user guide, "View tags for your EC2 instances using instance metadata"). */
    private static final Pattern IMDS_TAG_KEY = Pattern.compile("[A-Za-z0-9+=.,_:@-]+");

    private BackendLaunchTemplateData() {
    }

    static RequestLaunchTemplateData desired(ClusterContext context, BackendImage image) {
        BackendsSpec backends = context.spec().backends;
        return new InstanceLaunchData(image, backends.instanceType, true, List.of(
                InstanceLaunchData.volume(context, WEKA_DEVICE, wekaVolumeSize(backends), VolumeType.GP3),
                InstanceLaunchData.volume(context, image.rootDeviceName(), image.rootVolumeSize(), null)),
                context.require(Facts.INSTANCE_PROFILE_ARN), context.require(Facts.SUBNET_ID),
                context.require(Facts.AVAILABILITY_ZONE), context.find(Facts.PLACEMENT_GROUP_NAME).orElse(null),
                backends.capacityReservationId, type -> launchedTags(context, type), userData(context).render())
                .build(context);
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
        return launchedTags(context, resourceType, Map.of(
                "Name", context.names().backendNameTag(resourceType),
                ClusterTags.CLUSTER_NAME, context.names().cluster(),
                ClusterTags.HOSTGROUP_TYPE, "backend"));
    }

    /**
     * The common tags plus a template's own, without the keys an instance cannot carry when it is an instance; an
     * instance carries the cluster's identity under a key it can hold, so that deletion can tell it from a namesake's.
     */
    static Map<String, String> launchedTags(ClusterContext context, String resourceType, Map<String, String> own) {
        Map<String, String> tags = new LinkedHashMap<>(context.tags().with(own));
        if (resourceType.equals("instance")) {
            tags.keySet().removeIf(key -> !IMDS_TAG_KEY.matcher(key).matches() || Set.of(".", "..", "_index").contains(key));
            tags.put(ClusterTags.INSTANCE_CLUSTER_UID, context.tags().uid());
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
