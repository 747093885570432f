package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.api.v1alpha1.spec.CustomPrefixSpec;
import io.weka.aws.operator.model.ClusterNames;
import io.weka.aws.operator.model.WekaFunction;
import io.weka.aws.operator.testenv.Golden;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every AWS name of a cluster, as the Terraform module builds them (golden files reviewed against its source). */
class ClusterNamesTest {
    @Test
    void defaultPrefix() {
        Golden.assertMatches("names/default.txt", listing(names(cluster("prod", null, null))));
    }

    @Test
    void customPrefixesReplaceThePrefixPerService() {
        CustomPrefixSpec custom = new CustomPrefixSpec();
        custom.ec2 = "ec2p";
        custom.iam = "iamp";
        custom.lambda = "fn";
        custom.cloudwatch = "cw";
        custom.sfn = "sf";
        custom.db = "ddb";
        custom.kms = "k";
        custom.secrets = "corp/weka";
        custom.obs = "Obs";
        custom.lb = "lbp";
        Golden.assertMatches("names/custom-prefixes.txt", listing(names(cluster("prod", "analytics", custom))));
    }

    @Test
    void longFunctionNamesAreCutAt64AsTheModuleDoes() {
        ClusterNames names = names(cluster("x", "c".repeat(20), null));
        String longName = "weka-" + "c".repeat(20) + "-clusterize-finalization-lambda";

        assertThat(longName).hasSizeGreaterThan(50);
        assertThat(names.function(WekaFunction.CLUSTERIZE_FINALIZATION)).isEqualTo(longName.length() > 64
                ? longName.substring(0, 64) : longName);
        assertThat(names(cluster("x", "c".repeat(40), null)).function(WekaFunction.CLUSTERIZE_FINALIZATION))
                .hasSize(64);
    }

    @Test
    void theTargetGroupIsCutAt32AndLosesATrailingHyphenAsTheModuleDoes() {
        // weka-<16 c>-lb-target-group cut to 32 ends in "-", which the module strips (AWS refuses it).
        assertThat(names(cluster("x", "c".repeat(16), null)).targetGroup()).isEqualTo("weka-" + "c".repeat(16)
                + "-lb-target");
        assertThat(names(cluster("x", "c".repeat(15), null)).targetGroup()).isEqualTo("weka-" + "c".repeat(15)
                + "-lb-target-g");
        assertThat(names(cluster("x", "c".repeat(11), null)).targetGroup()).isEqualTo("weka-" + "c".repeat(11)
                + "-lb-target-group");
    }

    @Test
    void secretSuffixFollowsTheClusterUid() {
        ClusterNames one = names(cluster("prod", null, null));
        WekaCluster recreated = cluster("prod", null, null);
        recreated.getMetadata().setUid("00000000-0000-0000-0000-000000000002");

        assertThat(one.secret("weka-password")).isEqualTo(names(cluster("prod", null, null)).secret("weka-password"))
                .isNotEqualTo(names(recreated).secret("weka-password"))
                .matches("weka/weka-prod/weka-password-[A-Za-z0-9]{4}");
    }

    private static String listing(ClusterNames names) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("cluster", names.cluster());
        all.put("autoScalingGroup", names.autoScalingGroup());
        all.put("backendLaunchTemplate", names.backendLaunchTemplate());
        all.put("nfsAutoScalingGroup", names.nfsAutoScalingGroup());
        all.put("placementGroup", names.placementGroup());
        all.put("keyPair", names.keyPair());
        all.put("asgTagKey", names.asgTagKey());
        all.put("backendNameTag(instance)", names.backendNameTag("instance"));
        all.put("backendLogGroup", names.backendLogGroup());
        all.put("securityGroup", names.securityGroup());
        all.put("loadBalancer", names.loadBalancer());
        all.put("loadBalancerNameTag(lb-weka-listener)", names.loadBalancerNameTag("lb-weka-listener"));
        all.put("targetGroup", names.targetGroup());
        all.put("vpcEndpoint(secretmanager)", names.vpcEndpoint("secretmanager"));
        all.put("ebsKmsKeyAlias", names.ebsKmsKeyAlias());
        all.put("secretsKmsKeyAlias", names.secretsKmsKeyAlias());
        all.put("iam(iam-role)", names.iam("iam-role"));
        all.put("functionPrefix", names.functionPrefix());
        for (WekaFunction function : WekaFunction.values()) {
            all.put("function(" + function + ")", names.function(function));
            all.put("functionLogGroup(" + function + ")", names.functionLogGroup(function));
        }
        all.put("stateMachine", names.stateMachine());
        all.put("stateMachineNameTag", names.stateMachineNameTag());
        all.put("stateMachineLogGroup", names.stateMachineLogGroup());
        all.put("scaleDownRule", names.scaleDownRule());
        all.put("stateTable", names.stateTable());
        all.put("stateKey", names.stateKey());
        all.put("nfsStateKey", names.nfsStateKey());
        all.put("secretPrefix", names.secretPrefix());
        all.put("tieringBucket", names.tieringBucket());
        return all.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).collect(Collectors.joining("\n"))
                + "\n";
    }

    private static ClusterNames names(WekaCluster cluster) {
        return new ClusterNames(cluster);
    }

    private static WekaCluster cluster(String name, String clusterName, CustomPrefixSpec custom) {
        WekaCluster cluster = new WekaCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns")
                .withUid("00000000-0000-0000-0000-000000000001").build());
        cluster.setSpec(new WekaClusterSpec());
        cluster.getSpec().prefix = "weka";
        cluster.getSpec().clusterName = clusterName;
        cluster.getSpec().customPrefix = custom;
        return cluster;
    }
}
