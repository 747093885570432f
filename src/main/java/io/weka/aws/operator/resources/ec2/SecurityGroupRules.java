package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.resources.ClusterContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/** Security group rules in one normalised form, so that what the spec asks and what AWS holds compare as sets. */
final class SecurityGroupRules {
    /** The peer that stands for the group itself. */
    static final String SELF = "self";
    private static final Map<String, String> PROTOCOL_NUMBERS = Map.of("6", "tcp", "17", "udp", "1", "icmp");

    private SecurityGroupRules() {
    }

    /**
     * One rule: direction, protocol, ports (-1 for all protocols) and one peer: an IPv4 CIDR, the group itself
     * ("self"), another group's id, or "ipv6:"/"prefix-list:" followed by the CIDR or list id.
     */
    record Rule(boolean egress, String protocol, int fromPort, int toPort, String peer) {
        static Rule of(boolean egress, String protocol, int fromPort, int toPort, String peer) {
            String p = protocol.toLowerCase(Locale.ROOT);
            p = PROTOCOL_NUMBERS.getOrDefault(p, p);
            return "-1".equals(p) ? new Rule(egress, p, -1, -1, peer) : new Rule(egress, p, fromPort, toPort, peer);
        }

        static Rule all(boolean egress, String peer) {
            return of(egress, "-1", -1, -1, peer);
        }

        static Rule of(SecurityGroupRule rule, String groupId, String self) {
            String peer;
            if (rule.cidrIpv4() != null) {
                peer = rule.cidrIpv4();
            } else if (rule.cidrIpv6() != null) {
                peer = "ipv6:" + rule.cidrIpv6();
            } else if (rule.referencedGroupInfo() != null) {
                peer = groupId.equals(rule.referencedGroupInfo().groupId()) ? self : rule.referencedGroupInfo().groupId();
            } else {
                peer = "prefix-list:" + rule.prefixListId();
            }
            return of(Boolean.TRUE.equals(rule.isEgress()), rule.ipProtocol(),
                    rule.fromPort() == null ? -1 : rule.fromPort(), rule.toPort() == null ? -1 : rule.toPort(), peer);
        }

        IpPermission permission(String groupId, String self) {
            IpPermission.Builder permission = IpPermission.builder().ipProtocol(protocol);
            if (!"-1".equals(protocol)) {
                permission.fromPort(fromPort).toPort(toPort);
            }
            if (peer.equals(self)) {
                permission.userIdGroupPairs(UserIdGroupPair.builder().groupId(groupId).build());
            } else {
                permission.ipRanges(IpRange.builder().cidrIp(peer).build());
            }
            return permission.build();
        }

        @Override
        public String toString() {
            String ports = "-1".equals(protocol) ? "all" : protocol + " " + (fromPort == toPort ? fromPort
                    : fromPort + "-" + toPort);
            return (egress ? "egress " : "ingress ") + ports + (egress ? " to " : " from ") + peer;
        }
    }

    /** Adds rules the operator wants (IPv4 CIDRs or the group itself): one call per direction. */
    static void authorize(Ec2Client ec2, String groupId, List<Rule> rules, String self) {
        List<IpPermission> ingress = rules.stream().filter(r -> !r.egress()).map(r -> r.permission(groupId, self))
                .toList();
        List<IpPermission> egress = rules.stream().filter(Rule::egress).map(r -> r.permission(groupId, self)).toList();
        if (!ingress.isEmpty()) {
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(ingress));
        }
        if (!egress.isEmpty()) {
            ec2.authorizeSecurityGroupEgress(r -> r.groupId(groupId).ipPermissions(egress));
        }
    }

    /** Revokes rules by their ids, whatever their peer: one call per direction. */
    static void revoke(Ec2Client ec2, String groupId, List<SecurityGroupRule> rules) {
        List<String> ingress = rules.stream().filter(r -> !Boolean.TRUE.equals(r.isEgress()))
                .map(SecurityGroupRule::securityGroupRuleId).toList();
        List<String> egress = rules.stream().filter(r -> Boolean.TRUE.equals(r.isEgress()))
                .map(SecurityGroupRule::securityGroupRuleId).toList();
        if (!ingress.isEmpty()) {
            ec2.revokeSecurityGroupIngress(r -> r.groupId(groupId).securityGroupRuleIds(ingress));
        }
        if (!egress.isEmpty()) {
            ec2.revokeSecurityGroupEgress(r -> r.groupId(groupId).securityGroupRuleIds(egress));
        }
    }

    /**
     * Brings a group's rules to the desired set, "self" standing for the group's own id: missing ones added, others
     * revoked, no call when they match. A group just created reports no update (its creation was reported).
     */
    static void converge(ClusterContext context, String groupId, Set<Rule> desired, boolean justCreated, String kind,
            String name) {
        Ec2Client ec2 = context.aws().ec2();
        List<SecurityGroupRule> found = ec2.describeSecurityGroupRules(r -> r.filters(
                Filter.builder().name("group-id").values(groupId).build())).securityGroupRules();
        Map<Rule, List<SecurityGroupRule>> actual = found.stream().collect(Collectors.groupingBy(
                rule -> Rule.of(rule, groupId, SELF)));
        if (actual.keySet().equals(desired)) {
            return;
        }
        List<Rule> missing = desired.stream().filter(r -> !actual.containsKey(r)).toList();
        List<Rule> extra = actual.keySet().stream().filter(r -> !desired.contains(r)).toList();
        revoke(ec2, groupId, extra.stream().flatMap(r -> actual.get(r).stream()).toList());
        // A rule sent again after a lost answer is refused as a duplicate: the next pass sees it instead.
        authorize(context.aws().sentOnce().ec2(), groupId, missing, SELF);
        if (!justCreated) {
            context.updated(kind, name, describe(missing, extra));
        }
    }

    static String describe(List<Rule> added, List<Rule> revoked) {
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("added " + String.join(", ", added.stream().map(Rule::toString).toList()));
        }
        if (!revoked.isEmpty()) {
            parts.add("revoked " + String.join(", ", revoked.stream().map(Rule::toString).toList()));
        }
        return String.join("; ", parts);
    }
}
