package io.weka.aws.operator.resources.route53;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.api.v1alpha1.spec.LoadBalancerSpec.Route53Spec;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.ResourceConflictException;
import io.weka.aws.operator.resources.elb.LoadBalancerResource;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.RRType;

/**
 * The A alias record loadBalancer.route53.aliasName in the spec's hosted zone, pointing at the load balancer
 * (alb.tf {@code lb_record}, target health not evaluated). Records carry no tags, so the record is this cluster's
 * when it points at the cluster's load balancer, and the load balancer's tag {@value #RECORD_TAG} remembers which
 * record was made: that is how a renamed or removed alias is cleaned up, after the spec has forgotten it.
 */
public final class AliasRecordResource implements AwsResource {
    static final String RECORD_TAG = "weka.io/route53-alias";

    @Override
    public String kind() {
        return "Route53Record";
    }

    @Override
    public Set<Fact<?>> needs() {
        return Set.of(Facts.ALB_ARN, Facts.ALB_AWS_DNS_NAME, Facts.ALB_HOSTED_ZONE_ID);
    }

    @Override
    public boolean wanted(WekaClusterSpec spec) {
        return spec.loadBalancer.enabled && spec.loadBalancer.route53 != null;
    }

    /** The record's fully qualified name as Route53 reports it: lower case, with the root's dot. */
    static String fqdn(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower : lower + ".";
    }

    static ResourceRecordSet desired(String name, String loadBalancerDnsName, String loadBalancerZoneId) {
        return ResourceRecordSet.builder().name(fqdn(name)).type(RRType.A).aliasTarget(t -> t
                .dnsName(loadBalancerDnsName).hostedZoneId(loadBalancerZoneId).evaluateTargetHealth(false)).build();
    }

    static boolean matches(ResourceRecordSet actual, ResourceRecordSet desired) {
        return actual.aliasTarget() != null && sameHost(actual.aliasTarget().dnsName(), desired.aliasTarget().dnsName())
                && desired.aliasTarget().hostedZoneId().equals(actual.aliasTarget().hostedZoneId())
                && !Boolean.TRUE.equals(actual.aliasTarget().evaluateTargetHealth());
    }

    /** Whether a record points at a load balancer of this cluster's name (a previous one, if AWS renamed it). */
    static boolean pointsAtOurs(ResourceRecordSet actual, String loadBalancerName) {
        if (actual.aliasTarget() == null) {
            return false;
        }
        String target = host(actual.aliasTarget().dnsName());
        return target.startsWith(loadBalancerName.toLowerCase(Locale.ROOT) + "-");
    }

    @Override
    public void converge(ClusterContext context) {
        Route53Spec spec = context.spec().loadBalancer.route53;
        String balancerArn = context.require(Facts.ALB_ARN);
        String recorded = spec.zoneId + "/" + fqdn(spec.aliasName);
        String previous = tags(context, balancerArn);
        if (previous != null && !previous.equals(recorded)) {
            remove(context, previous);
        }
        ResourceRecordSet desired = desired(spec.aliasName, context.require(Facts.ALB_AWS_DNS_NAME),
                context.require(Facts.ALB_HOSTED_ZONE_ID));
        Optional<ResourceRecordSet> actual = find(context.aws().route53(), spec.zoneId, desired.name());
        if (actual.isEmpty()) {
            // CREATE sent again after a lost answer is refused (the record exists): the next pass finds it.
            change(context.aws().sentOnce().route53(), spec.zoneId, ChangeAction.CREATE, desired);
            context.created(kind(), desired.name());
        } else if (!matches(actual.get(), desired)) {
            if (!pointsAtOurs(actual.get(), context.names().loadBalancer())) {
                throw new ResourceConflictException("Route53 record " + desired.name() + " in " + spec.zoneId
                        + " exists and does not point at this cluster's load balancer");
            }
            change(context.aws().route53(), spec.zoneId, ChangeAction.UPSERT, desired);
            context.updated(kind(), desired.name(), "alias target");
        }
        if (!recorded.equals(previous)) {
            context.aws().elb().addTags(r -> r.resourceArns(balancerArn).tags(Tag.builder().key(RECORD_TAG)
                    .value(recorded).build()));
        }
        context.owns(kind(), desired.name(), null);
    }

    @Override
    public Removal delete(ClusterContext context) {
        var balancer = LoadBalancerResource.findOwned(context);
        if (balancer.isEmpty()) {
            return Removal.GONE;
        }
        String recorded = tags(context, balancer.get().loadBalancerArn());
        if (recorded != null) {
            remove(context, recorded);
            context.aws().elb().removeTags(r -> r.resourceArns(balancer.get().loadBalancerArn()).tagKeys(RECORD_TAG));
        }
        return Removal.GONE;
    }

    /** Deletes a recorded "zone/name" record if it still points at this cluster's load balancer. */
    private void remove(ClusterContext context, String recorded) {
        String zone = recorded.substring(0, recorded.indexOf('/'));
        String record = recorded.substring(recorded.indexOf('/') + 1);
        Route53Client route53 = context.aws().route53();
        Optional<ResourceRecordSet> actual = find(route53, zone, record);
        if (actual.isPresent() && pointsAtOurs(actual.get(), context.names().loadBalancer())) {
            change(route53, zone, ChangeAction.DELETE, actual.get());
            context.deleted(kind(), record);
        }
    }

    private static String tags(ClusterContext context, String balancerArn) {
        return context.aws().elb().describeTags(r -> r.resourceArns(balancerArn)).tagDescriptions().stream()
                .flatMap(d -> d.tags().stream()).filter(t -> t.key().equals(RECORD_TAG)).map(Tag::value)
                .findFirst().orElse(null);
    }

    private static Optional<ResourceRecordSet> find(Route53Client route53, String zone, String name) {
        return route53.listResourceRecordSets(r -> r.hostedZoneId(zone).startRecordName(name)
                .startRecordType(RRType.A).maxItems("1")).resourceRecordSets().stream()
                .filter(s -> fqdn(s.name()).equals(name) && s.type() == RRType.A).findFirst();
    }

    private static void change(Route53Client route53, String zone, ChangeAction action, ResourceRecordSet record) {
        route53.changeResourceRecordSets(r -> r.hostedZoneId(zone).changeBatch(b -> b.changes(c -> c.action(action)
                .resourceRecordSet(record))));
    }

    private static boolean sameHost(String a, String b) {
        return host(a).equals(host(b));
    }

    /** A DNS name without the root's dot, the dualstack prefix AWS may add, or case. */
    private static String host(String name) {
        String host = name.toLowerCase(Locale.ROOT).replaceAll("[.]$", "");
        return host.startsWith("dualstack.") ? host.substring("dualstack.".length()) : host;
    }
}
