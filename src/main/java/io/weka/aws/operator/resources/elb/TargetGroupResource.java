package io.weka.aws.operator.resources.elb;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.ResourceConflictException;
import io.weka.aws.operator.resources.autoscaling.AutoScalingGroupResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

/**
 * The backends' target group {@code <lb prefix>-<cluster>-lb-target-group} (cut to 32 characters): HTTPS on 14000
 * with the module's health check, HTTPS on 14000 at {@code /api/v2/healthcheck/}, thresholds 2/2, timeout 3 s,
 * every 30 s. The Auto Scaling group attaches itself to it; a health check changed in AWS is set back.
 */
public final class TargetGroupResource implements AwsResource {
    static final int PORT = 14000;
    static final String HEALTH_CHECK_PATH = "/api/v2/healthcheck/";

    @Override
    public String kind() {
        return "TargetGroup";
    }

    @Override
    public Set<Fact<?>> needs() {
        return Set.of(Facts.VPC_ID);
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(Facts.TARGET_GROUP_ARN);
    }

    @Override
    public boolean wanted(WekaClusterSpec spec) {
        return spec.loadBalancer.enabled;
    }

    /** The module's health check, as the request that sets it. */
    static ModifyTargetGroupRequest healthCheck(String arn) {
        return ModifyTargetGroupRequest.builder().targetGroupArn(arn).healthCheckProtocol(ProtocolEnum.HTTPS)
                .healthCheckPort(Integer.toString(PORT)).healthCheckPath(HEALTH_CHECK_PATH).healthCheckEnabled(true)
                .healthyThresholdCount(2).unhealthyThresholdCount(2).healthCheckTimeoutSeconds(3)
                .healthCheckIntervalSeconds(30).build();
    }

    static List<String> healthCheckDifferences(TargetGroup actual) {
        ModifyTargetGroupRequest desired = healthCheck(actual.targetGroupArn());
        List<String> differing = new ArrayList<>();
        compare(differing, "health check protocol", actual.healthCheckProtocolAsString(), desired.healthCheckProtocolAsString());
        compare(differing, "health check port", actual.healthCheckPort(), desired.healthCheckPort());
        compare(differing, "health check path", actual.healthCheckPath(), desired.healthCheckPath());
        compare(differing, "health check enabled", actual.healthCheckEnabled(), desired.healthCheckEnabled());
        compare(differing, "healthy threshold", actual.healthyThresholdCount(), desired.healthyThresholdCount());
        compare(differing, "unhealthy threshold", actual.unhealthyThresholdCount(), desired.unhealthyThresholdCount());
        compare(differing, "health check timeout", actual.healthCheckTimeoutSeconds(), desired.healthCheckTimeoutSeconds());
        compare(differing, "health check interval", actual.healthCheckIntervalSeconds(),
                desired.healthCheckIntervalSeconds());
        return differing;
    }

    @Override
    public void converge(ClusterContext context) {
        ElasticLoadBalancingV2Client elb = context.aws().elb();
        String name = context.names().targetGroup();
        String vpcId = context.require(Facts.VPC_ID);
        Map<String, String> tags = context.tags().with(Map.of("Name", context.names().loadBalancerNameTag(
                "lb-target-group")));
        Optional<TargetGroup> found = find(context, name);
        String arn;
        if (found.isEmpty()) {
            ModifyTargetGroupRequest check = healthCheck(null);
            arn = context.aws().sentOnce().elb().createTargetGroup(r -> r.name(name).protocol(ProtocolEnum.HTTPS).port(PORT).vpcId(vpcId)
                    .healthCheckProtocol(check.healthCheckProtocol()).healthCheckPort(check.healthCheckPort())
                    .healthCheckPath(check.healthCheckPath()).healthCheckEnabled(true)
                    .healthyThresholdCount(check.healthyThresholdCount())
                    .unhealthyThresholdCount(check.unhealthyThresholdCount())
                    .healthCheckTimeoutSeconds(check.healthCheckTimeoutSeconds())
                    .healthCheckIntervalSeconds(check.healthCheckIntervalSeconds())
                    .tags(ElbTags.list(tags))).targetGroups().get(0).targetGroupArn();
            context.created(kind(), name);
        } else {
            TargetGroup actual = found.get();
            arn = actual.targetGroupArn();
            Map<String, String> actualTags = ElbTags.of(context, arn);
            ElbTags.requireOwned(context, actualTags, "target group " + name);
            if (actual.protocol() != ProtocolEnum.HTTPS || !Objects.equals(actual.port(), PORT)
                    || !vpcId.equals(actual.vpcId())) {
                throw new ResourceConflictException("target group " + name + " is " + actual.protocolAsString() + ":"
                        + actual.port() + " in " + actual.vpcId() + ", not HTTPS:14000 in " + vpcId
                        + "; that cannot be changed: delete it");
            }
            List<String> differing = healthCheckDifferences(actual);
            if (!differing.isEmpty()) {
                elb.modifyTargetGroup(healthCheck(arn));
                context.updated(kind(), name, String.join("; ", differing));
            }
            ElbTags.converge(context, arn, actualTags, tags, kind(), name);
        }
        context.publish(Facts.TARGET_GROUP_ARN, arn);
        context.owns(kind(), name, arn);
    }

    /** Detaches the backends' group first (it is the one attachment this cluster made), then deletes. */
    @Override
    public Removal delete(ClusterContext context) {
        String name = context.names().targetGroup();
        Optional<TargetGroup> found = find(context, name);
        if (found.isEmpty() || !context.tags().owns(ElbTags.of(context, found.get().targetGroupArn()))) {
            return Removal.GONE;
        }
        String arn = found.get().targetGroupArn();
        AutoScalingClient autoScaling = context.aws().autoScaling();
        String group = context.names().autoScalingGroup();
        boolean attached = autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(group)).autoScalingGroups()
                .stream().anyMatch(g -> g.targetGroupARNs().contains(arn) && AutoScalingGroupResource.owned(context, g));
        if (attached) {
            autoScaling.detachLoadBalancerTargetGroups(r -> r.autoScalingGroupName(group).targetGroupARNs(arn));
            context.updated("AutoScalingGroup", group, "target group " + name + " detached");
        }
        // In use: a listener being deleted still forwards to it.
        Removal removal = Removal.attempt(() -> context.aws().elb().deleteTargetGroup(r -> r.targetGroupArn(arn)));
        if (removal == Removal.GONE) {
            context.deleted(kind(), name);
        }
        return removal;
    }

    private static Optional<TargetGroup> find(ClusterContext context, String name) {
        try {
            return context.aws().elb().describeTargetGroups(r -> r.names(name)).targetGroups().stream().findFirst();
        } catch (TargetGroupNotFoundException e) {
            return Optional.empty();
        }
    }

    private static void compare(List<String> differing, String what, Object actual, Object desired) {
        if (!Objects.equals(actual, desired)) {
            differing.add(what + " " + actual + " → " + desired);
        }
    }
}
