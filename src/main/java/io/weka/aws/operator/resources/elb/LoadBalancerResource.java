package io.weka.aws.operator.resources.elb;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.api.v1alpha1.spec.LoadBalancerSpec;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.ResourceConflictException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;

/**
 * The internal application load balancer {@code <lb prefix>-<cluster>-lb} (alb.tf) in front of the backends' API
 * and UI: in the cluster subnet (or loadBalancer.subnetId) and a second subnet in another zone, behind the
 * cluster's security groups (or loadBalancer.securityGroupIds). Subnets and groups are converged; the scheme cannot
 * change, so an internet-facing namesake is a conflict.
 */
public final class LoadBalancerResource implements AwsResource {
    @Override
    public String kind() {
        return "LoadBalancer";
    }

    @Override
    public Set<Fact<?>> needs() {
        return Set.of(Facts.SUBNET_ID, Facts.ADDITIONAL_SUBNET_ID, Facts.SECURITY_GROUP_IDS);
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(Facts.ALB_ARN, Facts.ALB_ARN_SUFFIX, Facts.ALB_AWS_DNS_NAME, Facts.ALB_HOSTED_ZONE_ID);
    }

    @Override
    public boolean wanted(WekaClusterSpec spec) {
        return spec.loadBalancer.enabled;
    }

    record Desired(String name, List<String> subnetIds, List<String> securityGroupIds, Map<String, String> tags) {
    }

    static Desired desired(ClusterContext context) {
        LoadBalancerSpec spec = context.spec().loadBalancer;
        String subnet = Optional.ofNullable(spec.subnetId).orElseGet(() -> context.require(Facts.SUBNET_ID));
        // The schema requires additionalSubnetId with an existing subnet; a created network has the second one.
        String additional = Optional.ofNullable(spec.additionalSubnetId)
                .orElseGet(() -> context.require(Facts.ADDITIONAL_SUBNET_ID));
        List<String> groups = spec.securityGroupIds == null || spec.securityGroupIds.isEmpty()
                ? context.require(Facts.SECURITY_GROUP_IDS) : spec.securityGroupIds;
        String name = context.names().loadBalancer();
        return new Desired(name, List.of(subnet, additional), List.copyOf(groups), context.tags().with(Map.of(
                "Name", context.names().loadBalancerNameTag("lb"), "cluster_name", context.names().cluster())));
    }

    /** The owned fields that differ, in words; empty when the load balancer matches. */
    static List<String> differences(LoadBalancer actual, Desired desired) {
        List<String> differing = new ArrayList<>();
        Set<String> subnets = new HashSet<>(actual.availabilityZones().stream().map(AvailabilityZone::subnetId).toList());
        if (!subnets.equals(Set.copyOf(desired.subnetIds()))) {
            differing.add("subnets " + subnets + " → " + desired.subnetIds());
        }
        if (!Set.copyOf(actual.securityGroups()).equals(Set.copyOf(desired.securityGroupIds()))) {
            differing.add("security groups " + actual.securityGroups() + " → " + desired.securityGroupIds());
        }
        return differing;
    }

    @Override
    public void converge(ClusterContext context) {
        ElasticLoadBalancingV2Client elb = context.aws().elb();
        Desired desired = desired(context);
        Optional<LoadBalancer> found = find(context, desired.name());
        LoadBalancer balancer;
        if (found.isEmpty()) {
            balancer = context.aws().sentOnce().elb().createLoadBalancer(r -> r.name(desired.name()).type(LoadBalancerTypeEnum.APPLICATION)
                    .scheme(LoadBalancerSchemeEnum.INTERNAL).subnets(desired.subnetIds())
                    .securityGroups(desired.securityGroupIds()).tags(ElbTags.list(desired.tags())))
                    .loadBalancers().get(0);
            context.created(kind(), desired.name());
        } else {
            balancer = found.get();
            Map<String, String> tags = ElbTags.of(context, balancer.loadBalancerArn());
            ElbTags.requireOwned(context, tags, "load balancer " + desired.name());
            if (balancer.scheme() != LoadBalancerSchemeEnum.INTERNAL || balancer.type() != LoadBalancerTypeEnum.APPLICATION) {
                throw new ResourceConflictException("load balancer " + desired.name() + " is " + balancer.schemeAsString()
                        + " " + balancer.typeAsString() + ", not an internal application load balancer; that cannot be "
                        + "changed: delete it");
            }
            correct(context, balancer, desired);
            ElbTags.converge(context, balancer.loadBalancerArn(), tags, desired.tags(), kind(), desired.name());
        }
        String arn = balancer.loadBalancerArn();
        context.publish(Facts.ALB_ARN, arn);
        context.publish(Facts.ALB_ARN_SUFFIX, arn.substring(arn.indexOf(":loadbalancer/") + ":loadbalancer/".length()));
        context.publish(Facts.ALB_AWS_DNS_NAME, balancer.dnsName());
        context.publish(Facts.ALB_HOSTED_ZONE_ID, balancer.canonicalHostedZoneId());
        context.owns(kind(), desired.name(), arn);
    }

    private void correct(ClusterContext context, LoadBalancer actual, Desired desired) {
        List<String> differing = differences(actual, desired);
        if (differing.isEmpty()) {
            return;
        }
        ElasticLoadBalancingV2Client elb = context.aws().elb();
        Set<String> subnets = new HashSet<>(actual.availabilityZones().stream().map(AvailabilityZone::subnetId).toList());
        if (!subnets.equals(Set.copyOf(desired.subnetIds()))) {
            elb.setSubnets(r -> r.loadBalancerArn(actual.loadBalancerArn()).subnets(desired.subnetIds()));
        }
        if (!Set.copyOf(actual.securityGroups()).equals(Set.copyOf(desired.securityGroupIds()))) {
            elb.setSecurityGroups(r -> r.loadBalancerArn(actual.loadBalancerArn())
                    .securityGroups(desired.securityGroupIds()));
        }
        context.updated(kind(), desired.name(), String.join("; ", differing));
    }

    /**
     * Deletes this cluster's load balancer, then reports it in progress until AWS has released its network
     * interfaces: until then the security group and subnets it sat in cannot be deleted.
     */
    @Override
    public Removal delete(ClusterContext context) {
        String name = context.names().loadBalancer();
        Optional<LoadBalancer> found = find(context, name);
        if (found.isPresent()) {
            if (!context.tags().owns(ElbTags.of(context, found.get().loadBalancerArn()))) {
                return Removal.GONE;
            }
            context.aws().elb().deleteLoadBalancer(r -> r.loadBalancerArn(found.get().loadBalancerArn()));
            context.deleted(kind(), name);
        }
        boolean interfacesLeft = !context.aws().ec2().describeNetworkInterfaces(r -> r.filters(f -> f
                .name("description").values("ELB app/" + name + "/*"))).networkInterfaces().isEmpty();
        return interfacesLeft ? Removal.IN_PROGRESS : Removal.GONE;
    }

    /**
     * The name clients and browsers use, by the module's precedence: loadBalancer.dnsName, else the Route53 alias,
     * else the load balancer's own DNS name. Empty until the load balancer exists, and without one.
     */
    public static Optional<String> publishedDnsName(ClusterContext context) {
        LoadBalancerSpec spec = context.spec().loadBalancer;
        return context.find(Facts.ALB_AWS_DNS_NAME).filter(n -> spec.enabled).map(own -> spec.dnsName != null
                ? spec.dnsName : spec.route53 != null ? spec.route53.aliasName.replaceAll("[.]$", "") : own);
    }

    /** This cluster's load balancer; a namesake of someone else's is not it. */
    public static Optional<LoadBalancer> findOwned(ClusterContext context) {
        return find(context, context.names().loadBalancer())
                .filter(b -> context.tags().owns(ElbTags.of(context, b.loadBalancerArn())));
    }

    /** The load balancer of that name, whoever owns it. */
    static Optional<LoadBalancer> find(ClusterContext context, String name) {
        try {
            return context.aws().elb().describeLoadBalancers(r -> r.names(name)).loadBalancers().stream().findFirst();
        } catch (LoadBalancerNotFoundException e) {
            return Optional.empty();
        }
    }
}
