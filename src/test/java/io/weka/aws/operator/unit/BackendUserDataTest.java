package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.api.v1alpha1.spec.BackendsSpec;
import io.weka.aws.operator.api.v1alpha1.spec.CustomPrefixSpec;
import io.weka.aws.operator.model.ContainerLayouts;
import io.weka.aws.operator.model.BackendUserData;
import io.weka.aws.operator.model.ClusterNames;
import io.weka.aws.operator.model.WekaFunction;
import io.weka.aws.operator.testenv.Golden;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The backends' user data against reviewed renderings of the module's user_data.sh. */
class BackendUserDataTest {
    private static final String SUBNET = "subnet-0123456789abcdef0";
    private static final String SG = "sg-0123456789abcdef0";

    @Test
    void defaultClusterCreatesThreeDpdkNicsAndInvokesItsDeployFunction() {
        String rendered = userData(cluster("prod", true), "", "", Map.of()).render();

        Golden.assertMatches("ec2/user-data-default.sh", rendered);
        assertThat(rendered).contains("nics_num=4\n", "--function-name \"weka-prod-deploy-lambda\"",
                "\"log_group_name\": \"/wekaio/weka-prod\"", "https_proxy=\"\" yum install -y jq",
                "--tags '[{\"Key\":\"aws-apn-id\",\"Value\":\"pc:epkj0ftddjwa38m3oq9umjjlm\"}]'");
        assertThat(rendered).doesNotContain("${");
    }

    @Test
    void udpModeHasOneNic() {
        String rendered = userData(cluster("prod", false), "", "", Map.of()).render();

        Golden.assertMatches("ec2/user-data-udp.sh", rendered);
        assertThat(rendered).contains("nics_num=1\n");
    }

    @Test
    void proxyCustomDataAndUserTagsAreRenderedOnceAndQuotedSafely() {
        WekaCluster cluster = cluster("analytics", true);
        cluster.getSpec().customPrefix.ec2 = "ec2p";
        cluster.getSpec().backends.instanceType = "i3en.6xlarge";
        String custom = "echo \"custom ${region} $HOME\"\nmkdir -p /opt/custom";
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("team", "storage");
        tags.put("owner", "o'brien <ops&dev>");

        String rendered = userData(cluster, "http://proxy.internal:3128", custom, tags).render();

        Golden.assertMatches("ec2/user-data-proxy-custom-data.sh", rendered);
        assertThat(rendered).contains("https_proxy=\"http://proxy.internal:3128\" yum install -y jq",
                "\n" + custom + "\n", "nics_num=8\n", "\"log_group_name\": \"/wekaio/ec2p-analytics\"",
                "--function-name \"weka-analytics-deploy-lambda\"");
        assertThat(rendered).as("custom data is not itself a template").contains("${region}");
        assertThat(BackendUserData.eniTagsJson(tags)).isEqualTo("[{\"Key\":\"owner\",\"Value\":"
                + "\"o\\u0027brien \\u003cops\\u0026dev\\u003e\"},{\"Key\":\"team\",\"Value\":\"storage\"}]");
    }

    /** As the launch template builds it: names from ClusterNames, NICs from the container layout. */
    private static BackendUserData userData(WekaCluster cluster, String proxy, String customData,
            Map<String, String> userTags) {
        ClusterNames names = new ClusterNames(cluster);
        Map<String, String> eniTags = new LinkedHashMap<>(userTags);
        eniTags.put("aws-apn-id", "pc:epkj0ftddjwa38m3oq9umjjlm");
        return new BackendUserData("us-east-1", proxy, SUBNET, List.of(SG),
                ContainerLayouts.of(cluster.getSpec().backends).nics(cluster.getSpec().backends.dpdk), names.function(WekaFunction.DEPLOY),
                names.backendLogGroup(), customData, eniTags);
    }

    private static WekaCluster cluster(String name, boolean dpdk) {
        WekaClusterSpec spec = new WekaClusterSpec();
        spec.region = "us-east-1";
        spec.prefix = "weka";
        spec.customPrefix = new CustomPrefixSpec();
        spec.backends = new BackendsSpec();
        spec.backends.instanceType = "i3en.2xlarge";
        spec.backends.dpdk = dpdk;
        WekaCluster cluster = new WekaCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("weka").withUid("uid-1").build());
        cluster.setSpec(spec);
        return cluster;
    }
}
