package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.api.v1alpha1.spec.CsiSecretSpec;
import io.weka.aws.operator.reconciler.CsiApiSecret;
import io.weka.aws.operator.testenv.Golden;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The WEKA CSI plugin's API secret (csi-wekafs examples/common/csi-wekafs-api-secret.yaml), key for key. */
class CsiApiSecretTest {
    private static final String PASSWORD = "not-a-real-password";
    private static final OwnerReference OWNER = new OwnerReferenceBuilder().withApiVersion("aws.weka.io/v1alpha1")
            .withKind("WekaCluster").withName("prod").withUid("00000000-0000-0000-0000-000000000001")
            .withController(true).build();

    @Test
    void throughTheBackendsItListsEachOnTheApiPortAndLetsThePluginFollowWeka() {
        Secret secret = CsiApiSecret.desired(cluster(null), OWNER, new CsiApiSecret.Connection(
                List.of("10.0.0.11:14000", "10.0.0.12:14000", "10.0.0.13:14000"), false, null), PASSWORD);

        Golden.assertMatches("csi/api-secret-backends.yaml", readable(secret));
    }

    @Test
    void throughTheLoadBalancerItNamesTheBalancerAndTrustsItsCertificate() {
        Secret secret = CsiApiSecret.desired(cluster("weka-csi"), OWNER, new CsiApiSecret.Connection(
                List.of("internal-weka-prod-lb-1.us-east-1.elb.amazonaws.com:14000"), true,
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"), PASSWORD);

        Golden.assertMatches("csi/api-secret-load-balancer.yaml", readable(secret));
    }

    @Test
    void itsNameIsTheSpecsOrDerivedFromTheWekaCluster() {
        assertThat(CsiApiSecret.name(cluster(null))).isEqualTo("prod-csi-wekafs-api");
        assertThat(CsiApiSecret.name(cluster("weka-csi"))).isEqualTo("weka-csi");
    }

    /** The Secret with its values decoded, so that the golden file reads as the plugin sees it. */
    private static String readable(Secret secret) {
        Map<String, String> values = new LinkedHashMap<>();
        secret.getData().forEach((k, v) -> values.put(k, new String(Base64.getDecoder().decode(v),
                StandardCharsets.UTF_8)));
        return Serialization.asYaml(new SecretBuilder(secret).withData(null).withStringData(values).build());
    }

    private static WekaCluster cluster(String secretName) {
        WekaCluster cluster = new WekaCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("prod").withNamespace("storage")
                .withUid(OWNER.getUid()).build());
        cluster.setSpec(new WekaClusterSpec());
        cluster.getSpec().csiSecret = new CsiSecretSpec();
        cluster.getSpec().csiSecret.enabled = true;
        cluster.getSpec().csiSecret.name = secretName;
        return cluster;
    }
}
