package io.weka.aws.operator.resources;

import io.weka.aws.operator.model.InstanceGroup;
import java.util.List;
import java.util.Optional;

/** The facts of an optional instance group's resources, one set per group (e.g. "smbGatewaysLaunchTemplateId"). */
public final class GroupFacts {
    private GroupFacts() {
    }

    public static Fact<String> instanceProfileArn(InstanceGroup group) {
        return Fact.of(name(group, "InstanceProfileArn"), String.class);
    }

    public static Fact<String> launchTemplateId(InstanceGroup group) {
        return Fact.of(name(group, "LaunchTemplateId"), String.class);
    }

    /** A placement group of the group's own (clients only; absent when they use the backends' or none). */
    public static Fact<String> placementGroupName(InstanceGroup group) {
        return Fact.of(name(group, "PlacementGroupName"), String.class);
    }

    /**
     * The Auto Scaling group's name, or the Name tag of plain instances: what status.outputs names the group by.
     * One fact per mode, as each has one producer (clients can switch between the two).
     */
    public static Fact<String> groupName(InstanceGroup group, boolean autoScaling) {
        return Fact.of(name(group, autoScaling ? "AutoScalingGroupName" : "InstancesName"), String.class);
    }

    /** The instances' IPs, public or private as the cluster's instances get them; one fact per mode. */
    public static Fact<List<String>> ips(InstanceGroup group, boolean autoScaling) {
        return Fact.ofList(name(group, autoScaling ? "AutoScalingGroupIps" : "InstancesIps"));
    }

    /** The group's name in whichever mode it converged; empty when it is off or did not converge. */
    public static Optional<String> groupName(ClusterContext context, InstanceGroup group) {
        return context.find(groupName(group, true)).or(() -> context.find(groupName(group, false)));
    }

    public static Optional<List<String>> ips(ClusterContext context, InstanceGroup group) {
        return context.find(ips(group, true)).or(() -> context.find(ips(group, false)));
    }

    private static String name(InstanceGroup group, String what) {
        return Character.toLowerCase(group.kind().charAt(0)) + group.kind().substring(1) + what;
    }
}
