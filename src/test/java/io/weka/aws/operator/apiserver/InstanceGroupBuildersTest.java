package io.weka.aws.operator.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.model.ClusterNames;
import io.weka.aws.operator.model.IamPolicies;
import io.weka.aws.operator.model.InstanceGroup;
import io.weka.aws.operator.model.InstanceGroupPolicies;
import io.weka.aws.operator.model.InstanceGroupUserData;
import io.weka.aws.operator.testenv.Golden;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * User data and IAM policies of clients, gateways and data services against reviewed renderings of the module's
 * templates and iam.tf files. The clusters are stored on the API server first, so the specs carry the CRD's defaults.
 */
class InstanceGroupBuildersTest {
    private static final String SUBNET = "subnet-0123456789abcdef0";
    private static final List<String> GROUPS = List.of("sg-0123456789abcdef0", "sg-0fedcba9876543210");
    private static final String ALL = """
            region: us-east-1
            weka: {version: "4.4.10", tokenSecretRef: {name: t}}
            tags: {team: storage}
            network: {proxyUrl: "http://proxy.internal:3128"}
            clients:
              count: 2
              frontendCores: 2
              cgroupsMode: Auto
              customDataPreMount: "echo before ${HOME}"
              customDataPostMount: "echo after"
            protocolGateways:
              nfs: {count: 2, secondaryIpsPerNic: 3, frontendCores: 2}
              smb: {count: 3, domainName: corp.example.com, clusterName: WEKA-SMB, secondaryIpsPerNic: 1}
              s3: {count: 1}
            dataServices: {count: 2}
            """;
    private static String namespace;

    @BeforeAll
    static void namespace() {
        namespace = LocalKubernetes.newNamespace("groups");
    }

    @Test
    void everyGroupsUserDataMatchesItsGoldenFile() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", ALL);
        for (InstanceGroup group : InstanceGroup.values()) {
            String rendered = userData(cluster, group);
            Golden.assertMatches("groups/user-data-" + file(group) + ".sh", rendered);
            assertThat(rendered).as(group.name()).doesNotContain("$${").startsWith("#!/bin/bash\nset -ex\n");
        }
    }

    @Test
    void gatewaysCreateTheirNicsSecondaryIpsAndProtocolClusters() {
        WekaCluster cluster = TestClusters.stored(namespace, "gw", ALL);

        assertThat(userData(cluster, InstanceGroup.NFS_GATEWAYS)).contains("nics_num=3\n",
                "if [ \"3\" -gt 0 ]; then", "\\\"protocol\\\": \\\"nfs\\\"", "--groups sg-0123456789abcdef0 sg-0fedcba9876543210",
                "\"log_group_name\": \"/wekaio/weka-gw-nfs-protocol-gateway\"", "cluster_size=\"2\"",
                "grep weka-gw-nfs-protocol-gateway", "--function-name \"weka-gw-deploy-lambda\"",
                "{\"Key\":\"team\",\"Value\":\"storage\"}").doesNotContain("weka smb", "weka s3");
        assertThat(userData(cluster, InstanceGroup.SMB_GATEWAYS)).contains("nics_num=2\n",
                "weka smb cluster create WEKA-SMB corp.example.com .config_fs", "cluster_size=\"3\"")
                .doesNotContain("weka s3 cluster create");
        assertThat(userData(cluster, InstanceGroup.S3_GATEWAYS)).contains("if [ \"0\" -gt 0 ]; then",
                "weka s3 cluster create default .config_fs --container $all_container_ids_str --port 9000");
        assertThat(userData(cluster, InstanceGroup.DATA_SERVICES)).contains("\\\"protocol\\\": \\\"data\\\"",
                "\"log_group_name\": \"/wekaio/weka-gw-data-services\"");
    }

    @Test
    void withoutProtocolSetupGatewaysOnlyJoin() {
        WekaCluster cluster = TestClusters.stored(namespace, "nosetup", """
                region: us-east-1
                weka: {version: "4.4.10", tokenSecretRef: {name: t}}
                protocolGateways:
                  smb: {setupProtocol: false}
                """);

        assertThat(userData(cluster, InstanceGroup.SMB_GATEWAYS)).contains("/tmp/deploy.sh")
                .doesNotContain("cluster_size=", "weka smb");
    }

    @Test
    void clientsMountThroughABackendOfTheirCluster() {
        WekaCluster cluster = TestClusters.stored(namespace, "cl", ALL);

        assertThat(userData(cluster, InstanceGroup.CLIENTS)).contains(
                "\"log_group_name\": \"/wekaio/clients/weka-cl-client\"",
                "--auto-scaling-group-name \"weka-cl-autoscaling-group\"", "FRONTEND_CONTAINER_CORES_NUM=\"2\"",
                "if [[ true == true ]]; then", "WEKA_CGROUPS_MODE=\"auto\"", "length=${#private_ips_array[@]}",
                "echo before ${HOME}\n", "echo after\n", "https_proxy=\"http://proxy.internal:3128\"");
    }

    @Test
    void everyGroupsPoliciesMatchTheirGoldenFiles() {
        WekaCluster cluster = TestClusters.stored(namespace, "pol", ALL);
        ClusterNames names = new ClusterNames(cluster);
        for (InstanceGroup group : InstanceGroup.values()) {
            new InstanceGroupPolicies(group, names).documents().forEach((suffix, document) -> Golden.assertMatches(
                    "groups/iam-" + file(group) + "-" + suffix + ".json", IamPolicies.pretty(document)));
        }
        assertThat(new InstanceGroupPolicies(InstanceGroup.CLIENTS, names).documents().keySet())
                .containsExactly("ec2-policy", "send-log-to-cloud-watch-policy", "autoscaling-policy");
        assertThat(new InstanceGroupPolicies(InstanceGroup.SMB_GATEWAYS, names).documents().keySet())
                .containsExactly("ec2-policy", "send-log-to-cloud-watch-policy", "autoscaling-policy",
                        "invoke-lambda-function");
    }

    @Test
    void clientsMountThroughTheLoadBalancerAndTrustItsGeneratedCertificate() {
        WekaCluster cluster = TestClusters.stored(namespace, "alb", ALL);
        String pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";

        String script = new InstanceGroupUserData(InstanceGroup.CLIENTS, cluster.getSpec(), new ClusterNames(cluster),
                SUBNET, GROUPS, "weka.example.internal", pem).render();

        assertThat(script).contains("if [ -z \"weka.example.internal\" ]; then").contains("ips=(weka.example.internal)")
                .contains("echo \"" + pem + "\" > /tmp/cert.pem");
        assertThat(userData(cluster, InstanceGroup.CLIENTS)).contains("if [ -z \"\" ]; then");
    }

    @Test
    void clientImagesFollowTheirArchitecture() {
        WekaCluster cluster = TestClusters.stored(namespace, "arch", ALL);
        assertThat(InstanceGroup.CLIENTS.imageNamePattern(cluster.getSpec())).endsWith("-x86_64");
        for (String type : List.of("c7g.2xlarge", "c6gn.4xlarge", "m7gd.xlarge", "a1.large", "r8g.large")) {
            cluster.getSpec().clients.instanceType = type;
            assertThat(InstanceGroup.CLIENTS.imageNamePattern(cluster.getSpec())).as(type).endsWith("-arm64");
        }
        for (String type : List.of("g5.xlarge", "g4dn.xlarge", "c5n.9xlarge", "m6i.large")) {
            cluster.getSpec().clients.instanceType = type;
            assertThat(InstanceGroup.CLIENTS.imageNamePattern(cluster.getSpec())).as(type).endsWith("-x86_64");
        }
        assertThat(InstanceGroup.S3_GATEWAYS.imageNamePattern(cluster.getSpec())).endsWith("-x86_64");
    }

    private static String userData(WekaCluster cluster, InstanceGroup group) {
        return new InstanceGroupUserData(group, cluster.getSpec(), new ClusterNames(cluster), SUBNET, GROUPS, null, null)
                .render();
    }

    private static String file(InstanceGroup group) {
        return group.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
