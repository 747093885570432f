package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;

/** The availability zones a created network's subnets go to, as the module's availability_zones_list orders them. */
public final class NetworkZones {
    private NetworkZones() {
    }

    /**
     * The user's zones first (network.create.availabilityZone for the cluster subnet, then
     * loadBalancer.additionalSubnetAvailabilityZone), then the region's other available zones, sorted.
     */
    public static List<String> ordered(Ec2Client ec2, WekaClusterSpec spec) {
        return ordered(available(ec2), spec);
    }

    /** The same, from the region's available zones as {@link #available} lists them. */
    public static List<String> ordered(List<String> available, WekaClusterSpec spec) {
        List<String> zones = new ArrayList<>();
        Optional.ofNullable(spec.network.create).map(c -> c.availabilityZone).ifPresent(zones::add);
        Optional.ofNullable(spec.loadBalancer.additionalSubnetAvailabilityZone).ifPresent(zones::add);
        available.stream().filter(z -> !zones.contains(z)).forEach(zones::add);
        return zones;
    }

    /** The region's zones in state available, sorted. */
    public static List<String> available(Ec2Client ec2) {
        return ec2.describeAvailabilityZones(r -> r.filters(NetworkPieces.filter("state", "available")))
                .availabilityZones().stream().map(AvailabilityZone::zoneName).sorted().toList();
    }
}
