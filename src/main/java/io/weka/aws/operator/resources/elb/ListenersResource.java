package io.weka.aws.operator.resources.elb;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Certificate;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;

/**
 * The load balancer's two HTTPS listeners (alb.tf): 443 for browsers and 14000, WEKA's own API port, both with the
 * TLS 1.3 policy, the spec's certificate or the generated one, and forwarding to the backends' target group.
 * A listener deleted or changed in AWS is put back.
 */
public final class ListenersResource implements AwsResource {
    static final String SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
    /** Port to the module's Name-tag suffix. */
    static final Map<Integer, String> PORTS = Map.of(443, "lb-listener", 14000, "lb-weka-listener");

    @Override
    public String kind() {
        return "Listener";
    }

    @Override
    public Set<Fact<?>> needs() {
        return Set.of(Facts.ALB_ARN, Facts.TARGET_GROUP_ARN, Facts.CERTIFICATE_ARN);
    }

    @Override
    public boolean wanted(WekaClusterSpec spec) {
        return spec.loadBalancer.enabled;
    }

    record Desired(int port, String certificateArn, String targetGroupArn, Map<String, String> tags) {
        Action forward() {
            return Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(targetGroupArn).build();
        }
    }

    static Desired desired(ClusterContext context, int port) {
        String certificate = Optional.ofNullable(context.spec().loadBalancer.certificateArn)
                .orElseGet(() -> context.require(Facts.CERTIFICATE_ARN));
        return new Desired(port, certificate, context.require(Facts.TARGET_GROUP_ARN), context.tags().with(Map.of(
                "Name", context.names().loadBalancerNameTag(PORTS.get(port)))));
    }

    static List<String> differences(Listener actual, Desired desired) {
        List<String> differing = new ArrayList<>();
        compare(differing, "protocol", actual.protocolAsString(), ProtocolEnum.HTTPS.toString());
        compare(differing, "SSL policy", actual.sslPolicy(), SSL_POLICY);
        compare(differing, "certificate", actual.certificates().stream().map(Certificate::certificateArn).toList(),
                List.of(desired.certificateArn()));
        List<String> forwards = actual.defaultActions().stream().map(a -> a.typeAsString() + " " + a.targetGroupArn())
                .toList();
        compare(differing, "default action", forwards, List.of("forward " + desired.targetGroupArn()));
        return differing;
    }

    @Override
    public void converge(ClusterContext context) {
        ElasticLoadBalancingV2Client elb = context.aws().elb();
        String balancer = context.require(Facts.ALB_ARN);
        List<Listener> found = elb.describeListeners(r -> r.loadBalancerArn(balancer)).listeners();
        for (int port : List.of(443, 14000)) {
            Desired desired = desired(context, port);
            String name = context.names().loadBalancer() + ":" + port;
            Optional<Listener> actual = found.stream().filter(l -> Objects.equals(l.port(), port)).findFirst();
            String arn;
            if (actual.isEmpty()) {
                arn = context.aws().sentOnce().elb().createListener(r -> r.loadBalancerArn(balancer).port(port).protocol(ProtocolEnum.HTTPS)
                        .sslPolicy(SSL_POLICY).certificates(c -> c.certificateArn(desired.certificateArn()))
                        .defaultActions(desired.forward()).tags(ElbTags.list(desired.tags())))
                        .listeners().get(0).listenerArn();
                context.created(kind(), name);
            } else {
                arn = actual.get().listenerArn();
                List<String> differing = differences(actual.get(), desired);
                if (!differing.isEmpty()) {
                    elb.modifyListener(r -> r.listenerArn(actual.get().listenerArn()).protocol(ProtocolEnum.HTTPS)
                            .sslPolicy(SSL_POLICY).certificates(c -> c.certificateArn(desired.certificateArn()))
                            .defaultActions(desired.forward()));
                    context.updated(kind(), name, String.join("; ", differing));
                }
            }
            context.owns(kind(), name, arn);
        }
    }

    /** The two listeners of this cluster's load balancer; an absent or foreign load balancer has none of ours. */
    @Override
    public Removal delete(ClusterContext context) {
        var balancer = LoadBalancerResource.findOwned(context);
        if (balancer.isEmpty()) {
            return Removal.GONE;
        }
        ElasticLoadBalancingV2Client elb = context.aws().elb();
        for (Listener listener : elb.describeListeners(r -> r.loadBalancerArn(balancer.get().loadBalancerArn()))
                .listeners()) {
            if (PORTS.containsKey(listener.port())) {
                elb.deleteListener(r -> r.listenerArn(listener.listenerArn()));
                context.deleted(kind(), context.names().loadBalancer() + ":" + listener.port());
            }
        }
        return Removal.GONE;
    }

    private static void compare(List<String> differing, String what, Object actual, Object desired) {
        if (!Objects.equals(actual, desired)) {
            differing.add(what + " " + actual + " → " + desired);
        }
    }
}
