package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.api.v1alpha1.spec.NetworkSpec.EndpointsSpec;
import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * The security groups modules/endpoint gives interface endpoints: {@code <prefix>-ec2-vpc-endpoint-sg} (all traffic
 * in) for the EC2, Lambda and Auto Scaling endpoints, and {@code <prefix>-endpoint-sg} (1080/tcp in) for WEKA's proxy.
 * Unlike the module, the first exists whenever any of its three endpoints does, not only with the EC2 one.
 */
public final class EndpointSecurityGroupResource implements AwsResource {
    private final String kind;
    private final String nameSuffix;
    private final String nameTagSuffix;
    private final String description;
    private final SecurityGroupRules.Rule ingress;
    private final Predicate<EndpointsSpec> wanted;
    private final Fact<String> fact;

    private EndpointSecurityGroupResource(String kind, String nameSuffix, String nameTagSuffix, String description,
            SecurityGroupRules.Rule ingress, Predicate<EndpointsSpec> wanted, Fact<String> fact) {
        this.kind = kind;
        this.nameSuffix = nameSuffix;
        this.nameTagSuffix = nameTagSuffix;
        this.description = description;
        this.ingress = ingress;
        this.wanted = wanted;
        this.fact = fact;
    }

    /** For the EC2, Lambda and Auto Scaling interface endpoints. */
    public static EndpointSecurityGroupResource services() {
        return new EndpointSecurityGroupResource("EndpointSecurityGroup", "ec2-vpc-endpoint-sg",
                "ec2-vpc-endpoint-sg", "Ec2 vpc endpoint connection", SecurityGroupRules.Rule.all(false, "0.0.0.0/0"),
                e -> e.ec2 || e.lambda || e.autoscaling, Facts.ENDPOINT_SECURITY_GROUP_ID);
    }

    /** For the endpoint to WEKA's proxy service. */
    public static EndpointSecurityGroupResource proxy() {
        return new EndpointSecurityGroupResource("ProxyEndpointSecurityGroup", "endpoint-sg", "proxy-vpc-endpoint-sg",
                "Private link endpoint connection", SecurityGroupRules.Rule.of(false, "tcp", 1080, 1080, "0.0.0.0/0"),
                e -> e.wekaProxy, Facts.PROXY_ENDPOINT_SECURITY_GROUP_ID);
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public Set<Fact<?>> needs() {
        return Set.of(Facts.VPC_ID);
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(fact);
    }

    @Override
    public boolean wanted(WekaClusterSpec spec) {
        return wanted.test(spec.network.endpoints);
    }

    String name(ClusterContext context) {
        return context.names().prefix() + "-" + nameSuffix;
    }

    Map<String, String> tags(ClusterContext context) {
        return context.tags().with(Map.of("Environment", context.names().prefix(),
                "Name", context.names().prefix() + "-" + nameTagSuffix));
    }

    @Override
    public void converge(ClusterContext context) {
        Ec2Client ec2 = context.aws().ec2();
        String name = name(context);
        String vpcId = context.require(Facts.VPC_ID);
        Optional<SecurityGroup> actual = ec2.describeSecurityGroups(r -> r.filters(
                Filter.builder().name("group-name").values(name).build(),
                Filter.builder().name("vpc-id").values(vpcId).build())).securityGroups().stream().findFirst();
        String groupId;
        if (actual.isEmpty()) {
            groupId = context.aws().sentOnce().ec2().createSecurityGroup(r -> r.groupName(name).description(description).vpcId(vpcId)
                    .tagSpecifications(Ec2Tags.spec(ResourceType.SECURITY_GROUP, tags(context)))).groupId();
            context.created(kind, name);
        } else {
            groupId = actual.get().groupId();
            Map<String, String> tags = Ec2Tags.map(actual.get().tags());
            Ec2Tags.requireOwned(context, tags, "security group " + name + " (" + groupId + ")");
            Ec2Tags.converge(context, groupId, tags, tags(context), kind, name);
        }
        SecurityGroupRules.converge(context, groupId, Set.of(ingress, SecurityGroupRules.Rule.all(true, "0.0.0.0/0")),
                actual.isEmpty(), kind, name);
        context.publish(fact, groupId);
        context.owns(kind, name, groupId);
    }

    /** Found by this cluster's tags (the VPC is a fact, unknown on deletion); in use by an endpoint still going. */
    @Override
    public Removal delete(ClusterContext context) {
        Ec2Client ec2 = context.aws().ec2();
        String name = name(context);
        for (SecurityGroup group : ec2.describeSecurityGroups(r -> r.filters(
                Filter.builder().name("group-name").values(name).build(),
                Filter.builder().name("tag:" + ClusterTags.CLUSTER_UID).values(context.cluster().getMetadata().getUid())
                        .build())).securityGroups()) {
            if (Removal.attempt(() -> ec2.deleteSecurityGroup(r -> r.groupId(group.groupId()))) == Removal.IN_PROGRESS) {
                return Removal.IN_PROGRESS;
            }
            context.deleted(kind, name);
        }
        return Removal.GONE;
    }
}
