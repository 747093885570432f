package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.api.v1alpha1.spec.NetworkSpec;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * The cluster's security group {@code <prefix>-<cluster>-sg} with the module's rules (modules/security_group), unless
 * the spec names existing groups. The rules are converged as a set: missing ones are added, others revoked.
 */
public final class SecurityGroupResource implements AwsResource {
    static final String DESCRIPTION = "Default SG to allow traffic from the VPC";
    private static final String SELF = SecurityGroupRules.SELF;

    @Override
    public String kind() {
        return "SecurityGroup";
    }

    @Override
    public Set<Fact<?>> needs() {
        return Set.of(Facts.VPC_ID);
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(Facts.SECURITY_GROUP_IDS);
    }

    /** The group's name, VPC and tags (the module's: Environment and Name on top of the common ones). */
    record Desired(String name, String vpcId, Map<String, String> tags, Set<SecurityGroupRules.Rule> rules) {
    }

    static Desired desired(ClusterContext context) {
        NetworkSpec network = context.spec().network;
        Set<SecurityGroupRules.Rule> rules = new LinkedHashSet<>();
        rules.add(SecurityGroupRules.Rule.all(false, SELF));
        cidrs(rules, "tcp", 22, 22, network.allowSshCidrs);
        cidrs(rules, "tcp", 443, 443, network.allowHttpsCidrs);
        if (network.customIngressRules != null) {
            network.customIngressRules.forEach(r -> cidrs(rules, r.protocol, r.fromPort, r.toPort, r.cidrBlocks));
        }
        cidrs(rules, "tcp", 14000, 14000, network.allowWekaApiCidrs);
        rules.add(SecurityGroupRules.Rule.all(true, SELF));
        rules.add(SecurityGroupRules.Rule.all(true, "0.0.0.0/0"));
        String name = context.names().securityGroup();
        return new Desired(name, context.require(Facts.VPC_ID),
                context.tags().with(Map.of("Environment", context.names().prefix(), "Name", name)), rules);
    }

    private static void cidrs(Set<SecurityGroupRules.Rule> rules, String protocol, int from, int to,
            Collection<String> cidrs) {
        if (cidrs != null) {
            cidrs.forEach(cidr -> rules.add(SecurityGroupRules.Rule.of(false, protocol, from, to, cidr)));
        }
    }

    @Override
    public void converge(ClusterContext context) {
        List<String> existing = context.spec().network.securityGroupIds;
        if (existing != null && !existing.isEmpty()) {
            context.publish(Facts.SECURITY_GROUP_IDS, List.copyOf(existing));
            return;
        }
        Ec2Client ec2 = context.aws().ec2();
        Desired desired = desired(context);
        Optional<SecurityGroup> actual = ec2.describeSecurityGroups(r -> r.filters(
                Filter.builder().name("group-name").values(desired.name()).build(),
                Filter.builder().name("vpc-id").values(desired.vpcId()).build())).securityGroups().stream().findFirst();
        String groupId;
        if (actual.isEmpty()) {
            groupId = context.aws().sentOnce().ec2().createSecurityGroup(r -> r.groupName(desired.name()).description(DESCRIPTION)
                    .vpcId(desired.vpcId()).tagSpecifications(Ec2Tags.spec(ResourceType.SECURITY_GROUP, desired.tags())))
                    .groupId();
            context.created(kind(), desired.name());
        } else {
            groupId = actual.get().groupId();
            Map<String, String> tags = Ec2Tags.map(actual.get().tags());
            Ec2Tags.requireOwned(context, tags, "security group " + desired.name() + " (" + groupId + ")");
            Ec2Tags.converge(context, groupId, tags, desired.tags(), kind(), desired.name());
        }
        SecurityGroupRules.converge(context, groupId, desired.rules(), actual.isEmpty(), kind(), desired.name());
        context.publish(Facts.SECURITY_GROUP_IDS, List.of(groupId));
        context.owns(kind(), desired.name(), groupId);
    }

    @Override
    public Removal delete(ClusterContext context) {
        Ec2Client ec2 = context.aws().ec2();
        String name = context.names().securityGroup();
        Removal removal = Removal.GONE;
        for (SecurityGroup group : ec2.describeSecurityGroups(r -> r.filters(Filter.builder().name("group-name")
                .values(name).build())).securityGroups()) {
            if (Ec2Tags.owned(context, group.tags())) {
                Removal deleted = Removal.attempt(() -> ec2.deleteSecurityGroup(r -> r.groupId(group.groupId())));
                if (deleted == Removal.GONE) {
                    context.deleted(kind(), name);
                }
                removal = removal.and(deleted);
            }
        }
        return removal;
    }
}
