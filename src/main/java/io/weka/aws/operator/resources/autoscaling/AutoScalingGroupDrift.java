package io.weka.aws.operator.resources.autoscaling;

import io.weka.aws.operator.resources.autoscaling.AutoScalingGroupResource.Desired;
import io.weka.aws.operator.resources.autoscaling.AutoScalingGroupResource.Tagged;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.SuspendedProcess;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;
import software.amazon.awssdk.services.autoscaling.model.UpdateAutoScalingGroupRequest;

/**
 * The owned fields of an existing group compared with the desired ones, and set right with one call per kind of
 * difference. Narrow on purpose: other suspended processes, other target groups and others' tags are left alone.
 */
final class AutoScalingGroupDrift {
    private AutoScalingGroupDrift() {
    }

    static List<String> differences(AutoScalingGroup actual, Desired desired) {
        List<String> differing = new ArrayList<>();
        compare(differing, "desired capacity", actual.desiredCapacity(), desired.desired());
        compare(differing, "min size", actual.minSize(), desired.min());
        compare(differing, "max size", actual.maxSize(), desired.max());
        LaunchTemplateSpecification template = actual.launchTemplate();
        compare(differing, "launch template", template == null ? null
                : template.launchTemplateId() + " " + template.version(), desired.launchTemplateId() + " "
                + AutoScalingGroupResource.LATEST);
        compare(differing, "subnet", actual.vpcZoneIdentifier(), desired.subnetId());
        compare(differing, "scale-in protection of new instances", actual.newInstancesProtectedFromScaleIn(), true);
        if (!suspendsReplaceUnhealthy(actual)) {
            differing.add(AutoScalingGroupResource.REPLACE_UNHEALTHY + " not suspended");
        }
        if (!tagsToSet(actual, desired).isEmpty()) {
            differing.add("tags " + String.join(", ", tagsToSet(actual, desired).keySet()));
        }
        desired.targetGroupArn().filter(arn -> !actual.targetGroupARNs().contains(arn))
                .ifPresent(arn -> differing.add("target group " + arn + " attached"));
        return differing;
    }

    /** Sets right what differs; returns the differences (empty: no call was made). */
    static List<String> correct(AutoScalingClient autoScaling, AutoScalingGroup actual, Desired desired) {
        List<String> differing = differences(actual, desired);
        if (differing.isEmpty()) {
            return differing;
        }
        UpdateAutoScalingGroupRequest.Builder update = UpdateAutoScalingGroupRequest.builder()
                .autoScalingGroupName(desired.name());
        boolean updating = false;
        if (!Objects.equals(actual.desiredCapacity(), desired.desired()) || !Objects.equals(actual.minSize(),
                desired.min()) || !Objects.equals(actual.maxSize(), desired.max())) {
            update.desiredCapacity(desired.desired()).minSize(desired.min()).maxSize(desired.max());
            updating = true;
        }
        LaunchTemplateSpecification template = AutoScalingGroupResource.launchTemplate(desired);
        if (actual.launchTemplate() == null || !Objects.equals(actual.launchTemplate().launchTemplateId(),
                template.launchTemplateId()) || !Objects.equals(actual.launchTemplate().version(), template.version())) {
            update.launchTemplate(template);
            updating = true;
        }
        if (!Objects.equals(actual.vpcZoneIdentifier(), desired.subnetId())) {
            update.vpcZoneIdentifier(desired.subnetId());
            updating = true;
        }
        if (!Boolean.TRUE.equals(actual.newInstancesProtectedFromScaleIn())) {
            update.newInstancesProtectedFromScaleIn(true);
            updating = true;
        }
        if (updating) {
            autoScaling.updateAutoScalingGroup(update.build());
        }
        if (!suspendsReplaceUnhealthy(actual)) {
            autoScaling.suspendProcesses(r -> r.autoScalingGroupName(desired.name())
                    .scalingProcesses(AutoScalingGroupResource.REPLACE_UNHEALTHY));
        }
        Map<String, Tagged> tags = tagsToSet(actual, desired);
        if (!tags.isEmpty()) {
            autoScaling.createOrUpdateTags(r -> r.tags(AutoScalingGroupResource.tags(desired, tags)));
        }
        desired.targetGroupArn().filter(arn -> !actual.targetGroupARNs().contains(arn)).ifPresent(arn -> autoScaling
                .attachLoadBalancerTargetGroups(r -> r.autoScalingGroupName(desired.name()).targetGroupARNs(arn)));
        return differing;
    }

    private static boolean suspendsReplaceUnhealthy(AutoScalingGroup actual) {
        return actual.suspendedProcesses().stream().map(SuspendedProcess::processName)
                .anyMatch(AutoScalingGroupResource.REPLACE_UNHEALTHY::equals);
    }

    private static Map<String, Tagged> tagsToSet(AutoScalingGroup actual, Desired desired) {
        Map<String, Tagged> found = new LinkedHashMap<>();
        for (TagDescription tag : actual.tags()) {
            found.put(tag.key(), new Tagged(tag.value(), Boolean.TRUE.equals(tag.propagateAtLaunch())));
        }
        Map<String, Tagged> toSet = new LinkedHashMap<>();
        desired.tags().forEach((k, v) -> {
            if (!v.equals(found.get(k))) {
                toSet.put(k, v);
            }
        });
        return toSet;
    }

    private static void compare(List<String> differing, String what, Object actual, Object desired) {
        if (!Objects.equals(actual, desired)) {
            differing.add(what + " " + actual + " → " + desired);
        }
    }
}
