package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.model.InstanceDemand;
import io.weka.aws.operator.model.PreflightPlan;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The preflight runs again exactly when a spec change touches what it checked. */
class PreflightPlanTest {
    private static final String SPEC = """
            region: us-east-1
            weka: {version: "4.4.10", tokenSecretRef: {name: t, key: token}}
            backends: {count: 6, instanceType: i3en.2xlarge}
            network: {subnetId: subnet-0aaaaaaaaaaaaaaaa, assignPublicIp: Auto, endpoints: {}}
            loadBalancer: {enabled: true, additionalSubnetId: subnet-0bbbbbbbbbbbbbbbb}
            clients: {count: 2, instanceType: c5.2xlarge}
            protocolGateways: {nfs: {count: 2, instanceType: c5n.2xlarge, subnetId: subnet-0ccccccccccccccccc}}
            dataServices: {count: 0}
            lambdas: {dist: release, version: 85b38faf2b30019985d15f77f21b44ed}
            """;

    @Test
    void everyInstanceGroupTheSpecTurnsOnIsCounted() {
        PreflightPlan plan = PreflightPlan.of(spec(s -> { }));

        assertThat(plan.instances()).containsExactly(
                new InstanceDemand("backends", "i3en.2xlarge", 6, null),
                new InstanceDemand("clients", "c5.2xlarge", 2, null),
                new InstanceDemand("protocolGateways.nfs", "c5n.2xlarge", 2, "subnet-0ccccccccccccccccc"));
        assertThat(plan.code().uri())
                .isEqualTo("s3://weka-tf-aws-releases-us-east-1/release/85b38faf2b30019985d15f77f21b44ed.zip");
        assertThat(plan.loadBalancer()).isEqualTo(new PreflightPlan.LoadBalancer(null, "subnet-0bbbbbbbbbbbbbbbb", null));
    }

    @Test
    void theDigestChangesWithWhatIsCheckedOnly() {
        String digest = PreflightPlan.of(spec(s -> { })).digest();

        assertThat(PreflightPlan.of(spec(s -> { })).digest()).as("stable").isEqualTo(digest);
        assertThat(PreflightPlan.of(spec(s -> s.tags = Map.of("team", "storage"))).digest()).isEqualTo(digest);
        assertThat(PreflightPlan.of(spec(s -> s.weka.version = "4.4.11")).digest()).isEqualTo(digest);
        assertThat(PreflightPlan.of(spec(s -> s.backends.count = 7)).digest()).isNotEqualTo(digest);
        assertThat(PreflightPlan.of(spec(s -> s.clients.instanceType = "c5.4xlarge")).digest()).isNotEqualTo(digest);
        assertThat(PreflightPlan.of(spec(s -> s.protocolGateways.nfs.subnetId = "subnet-0ddddddddddddddddd")).digest())
                .isNotEqualTo(digest);
        assertThat(PreflightPlan.of(spec(s -> s.loadBalancer.enabled = false)).digest()).isNotEqualTo(digest);
        assertThat(PreflightPlan.of(spec(s -> s.lambdas.s3Key = "custom.zip")).digest()).isNotEqualTo(digest);
    }

    private static WekaClusterSpec spec(Consumer<WekaClusterSpec> change) {
        WekaClusterSpec spec = Serialization.unmarshal(SPEC, WekaClusterSpec.class);
        change.accept(spec);
        return spec;
    }
}
