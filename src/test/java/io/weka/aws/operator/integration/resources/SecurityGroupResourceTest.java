package io.weka.aws.operator.integration.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.ResourceConflictException;
import io.weka.aws.operator.resources.ec2.SecurityGroupResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.Tag;

class SecurityGroupResourceTest {
    private static final String SPEC = BackendFixtures.SPEC + """
            network:
              allowSshCidrs: ["10.0.0.0/8"]
              allowHttpsCidrs: ["192.168.0.0/16"]
              allowWekaApiCidrs: ["10.1.0.0/16", "10.2.0.0/16"]
              customIngressRules:
              - {fromPort: 2049, toPort: 2049, protocol: tcp, cidrBlocks: ["172.16.0.0/12"]}
              - {fromPort: 9000, toPort: 9001, protocol: udp, cidrBlocks: ["172.17.0.0/16"]}
            """;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private final SecurityGroupResource resource = new SecurityGroupResource();
    private String namespace;

    @BeforeEach
    void emptyAccount() {
        LocalAws.reset();
        namespace = LocalKubernetes.newNamespace("sg");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void createsTheModulesGroupWithExactlyItsRules() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext context = context(cluster);

        resource.converge(context);

        SecurityGroup group = group(context);
        String id = group.groupId();
        assertThat(group.vpcId()).isEqualTo(context.require(Facts.VPC_ID));
        assertThat(group.description()).isEqualTo("Default SG to allow traffic from the VPC");
        assertThat(tags(group.tags())).containsEntry("Name", "weka-prod-sg").containsEntry("Environment", "weka")
                .containsEntry("weka_cluster_name", "prod").containsEntry("aws-apn-id", "pc:epkj0ftddjwa38m3oq9umjjlm")
                .containsEntry("weka.io/cluster-uid", cluster.getMetadata().getUid());
        assertThat(rules(context, id)).containsExactlyInAnyOrder(
                "ingress -1 -1..-1 " + id,
                "ingress tcp 22..22 10.0.0.0/8",
                "ingress tcp 443..443 192.168.0.0/16",
                "ingress tcp 2049..2049 172.16.0.0/12",
                "ingress udp 9000..9001 172.17.0.0/16",
                "ingress tcp 14000..14000 10.1.0.0/16",
                "ingress tcp 14000..14000 10.2.0.0/16",
                "egress -1 -1..-1 " + id,
                "egress -1 -1..-1 0.0.0.0/0");
        assertThat(context.require(Facts.SECURITY_GROUP_IDS)).containsExactly(id);
        assertThat(context.changes()).extracting(ClusterContext.Change::action).containsExactly("Created");
    }

    @Test
    void withoutCidrsOnlyTheSelfAndEgressRulesExist() {
        ClusterContext context = context(TestClusters.stored(namespace, "prod", BackendFixtures.SPEC));

        resource.converge(context);

        String id = group(context).groupId();
        assertThat(rules(context, id)).containsExactlyInAnyOrder("ingress -1 -1..-1 " + id,
                "egress -1 -1..-1 " + id, "egress -1 -1..-1 0.0.0.0/0");
    }

    @Test
    void aSecondConvergeMakesNoMutatingCall() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        resource.converge(context(cluster));
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);

        ClusterContext second = context(cluster);
        resource.converge(second);

        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(second.changes()).isEmpty();
        assertThat(second.require(Facts.SECURITY_GROUP_IDS)).containsExactly(group(second).groupId());
    }

    @Test
    void aRuleAddedByHandIsRevokedAndARemovedOneRestored() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        ClusterContext first = context(cluster);
        resource.converge(first);
        String id = group(first).groupId();
        Ec2Client ec2 = first.aws().ec2();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(id).ipPermissions(p -> p.ipProtocol("tcp").fromPort(8080)
                .toPort(8080).ipRanges(i -> i.cidrIp("0.0.0.0/0"))));
        String ssh = rule(ec2, id, 22).securityGroupRuleId();
        ec2.revokeSecurityGroupIngress(r -> r.groupId(id).securityGroupRuleIds(ssh));
        List<String> converged = rules(first, id);

        ClusterContext second = context(cluster);
        resource.converge(second);

        assertThat(rules(second, id)).containsExactlyInAnyOrderElementsOf(rulesExpected(id));
        assertThat(second.changes()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo("Updated");
            assertThat(change.detail()).contains("added ingress tcp 22 from 10.0.0.0/8")
                    .contains("revoked ingress tcp 8080 from 0.0.0.0/0");
        });
        assertThat(converged).contains("ingress tcp 8080..8080 0.0.0.0/0").doesNotContain("ingress tcp 22..22 10.0.0.0/8");
    }

    @Test
    void aRemovedCidrIsRevokedWhenTheSpecChanges() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", SPEC);
        resource.converge(context(cluster));
        cluster.getSpec().network.allowWekaApiCidrs = List.of("10.1.0.0/16");

        ClusterContext second = context(cluster);
        resource.converge(second);

        assertThat(rules(second, group(second).groupId())).contains("ingress tcp 14000..14000 10.1.0.0/16")
                .doesNotContain("ingress tcp 14000..14000 10.2.0.0/16");
        assertThat(second.changes()).extracting(ClusterContext.Change::detail)
                .containsExactly("revoked ingress tcp 14000 from 10.2.0.0/16");
    }

    @Test
    void givenGroupsArePublishedAndNothingIsCreated() {
        ClusterContext context = context(TestClusters.stored(namespace, "prod", BackendFixtures.SPEC + """
                network: {securityGroupIds: ["sg-0123456789abcdef0", "sg-0123456789abcdef1"]}
                """));

        resource.converge(context);

        assertThat(context.require(Facts.SECURITY_GROUP_IDS)).containsExactly("sg-0123456789abcdef0",
                "sg-0123456789abcdef1");
        assertThat(context.aws().ec2().describeSecurityGroups(r -> r.filters(f -> f.name("group-name")
                .values("weka-prod-sg"))).securityGroups()).isEmpty();
        assertThat(context.changes()).isEmpty();
    }

    @Test
    void aNamesakeOfAnotherClusterIsNotTakenOver() {
        resource.converge(context(TestClusters.stored(LocalKubernetes.newNamespace("other"), "prod", SPEC)));
        ClusterContext context = context(TestClusters.stored(namespace, "prod", SPEC));

        assertThatThrownBy(() -> resource.converge(context)).isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining("belongs to other-");
    }

    private List<String> rulesExpected(String id) {
        return List.of("ingress -1 -1..-1 " + id, "ingress tcp 22..22 10.0.0.0/8", "ingress tcp 443..443 192.168.0.0/16",
                "ingress tcp 2049..2049 172.16.0.0/12", "ingress udp 9000..9001 172.17.0.0/16",
                "ingress tcp 14000..14000 10.1.0.0/16", "ingress tcp 14000..14000 10.2.0.0/16",
                "egress -1 -1..-1 " + id, "egress -1 -1..-1 0.0.0.0/0");
    }

    private ClusterContext context(WekaCluster cluster) {
        ClusterContext context = TestClusters.context(cluster, aws);
        BackendFixtures.publishNetwork(context);
        return context;
    }

    private static SecurityGroup group(ClusterContext context) {
        return context.aws().ec2().describeSecurityGroups(r -> r.filters(f -> f.name("group-name")
                .values("weka-prod-sg"))).securityGroups().get(0);
    }

    private static SecurityGroupRule rule(Ec2Client ec2, String groupId, int port) {
        return ec2.describeSecurityGroupRules(r -> r.filters(f -> f.name("group-id").values(groupId)))
                .securityGroupRules().stream().filter(r -> r.fromPort() == port).findFirst().orElseThrow();
    }

    /** Each rule as "direction protocol from..to peer", the peer a CIDR or a group id. */
    private static List<String> rules(ClusterContext context, String groupId) {
        return context.aws().ec2().describeSecurityGroupRules(r -> r.filters(f -> f.name("group-id").values(groupId)))
                .securityGroupRules().stream().map(r -> (r.isEgress() ? "egress " : "ingress ") + r.ipProtocol() + " "
                        + r.fromPort() + ".." + r.toPort() + " " + (r.cidrIpv4() != null ? r.cidrIpv4()
                        : r.referencedGroupInfo().groupId())).toList();
    }

    private static Map<String, String> tags(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
