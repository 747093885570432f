package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.weka.aws.operator.model.InstanceDemand;
import io.weka.aws.operator.model.VcpuNeeds;
import io.weka.aws.operator.model.VcpuQuota;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VcpuNeedsTest {
    @ParameterizedTest
    @CsvSource({
        "i3en.6xlarge, L-1216C47A", "i8ge.48xlarge, L-1216C47A", "c5n.2xlarge, L-1216C47A", "m6i.xlarge, L-1216C47A",
        "is4gen.xlarge, L-1216C47A", "im4gn.large, L-1216C47A", "z1d.large, L-1216C47A", "t3.micro, L-1216C47A",
        "g5.xlarge, L-DB2E81BA", "vt1.3xlarge, L-DB2E81BA", "inf2.xlarge, L-1945791B", "p4d.24xlarge, L-417A185B",
        "x2iedn.xlarge, L-7295265B", "f1.2xlarge, L-74FC7D96", "dl1.24xlarge, L-6E869C2A", "trn1.2xlarge, L-2C3B7624",
        "hpc7g.4xlarge, L-F7808C92", "u-6tb1.metal, L-43DA4232", "u7i-12tb.224xlarge, L-43DA4232"})
    void eachFamilyCountsAgainstItsOnDemandQuota(String instanceType, String quotaCode) {
        assertThat(VcpuQuota.of(instanceType)).map(VcpuQuota::code).contains(quotaCode);
    }

    @Test
    void familiesWithoutAnOnDemandVcpuQuotaHaveNone() {
        assertThat(VcpuQuota.of("mac2.metal")).isEmpty();
    }

    @Test
    void theTutorialsExample() {
        List<VcpuNeeds.Need> needs = VcpuNeeds.of(List.of(new InstanceDemand("backends", "i3en.6xlarge", 10, null)),
                Map.of("i3en.6xlarge", 24));

        assertThat(needs).singleElement().satisfies(need -> {
            assertThat(need.vcpus()).isEqualTo(240);
            assertThat(need.fitsIn(128)).isFalse();
            assertThat(need.fitsIn(240)).as("exactly the quota fits").isTrue();
            assertThat(need.refusal(128)).isEqualTo("needs 240 vCPU for 10 x i3en.6xlarge (Running On-Demand Standard "
                    + "(A, C, D, H, I, M, R, T, Z) instances, quota L-1216C47A: 128)");
            assertThat(need.fit(256.5)).isEqualTo("240 of 256.5 vCPU for 10 x i3en.6xlarge (quota L-1216C47A)");
        });
    }

    @Test
    void everyGroupOfAQuotaIsAddedUpAndEachQuotaApart() {
        List<VcpuNeeds.Need> needs = VcpuNeeds.of(List.of(
                new InstanceDemand("backends", "i3en.2xlarge", 6, null),
                new InstanceDemand("clients", "g5.xlarge", 2, null),
                new InstanceDemand("protocolGateways.nfs", "c5n.2xlarge", 2, "subnet-1"),
                new InstanceDemand("protocolGateways.s3", "c5n.2xlarge", 1, null),
                new InstanceDemand("dataServices", "mac2.metal", 1, null)),
                Map.of("i3en.2xlarge", 8, "g5.xlarge", 4, "c5n.2xlarge", 8, "mac2.metal", 12));

        assertThat(needs).extracting(VcpuNeeds.Need::quota, VcpuNeeds.Need::vcpus, VcpuNeeds.Need::instances)
                .containsExactly(
                        tuple(VcpuQuota.STANDARD, 72, "6 x i3en.2xlarge + 3 x c5n.2xlarge"),
                        tuple(VcpuQuota.G_AND_VT, 8, "2 x g5.xlarge"));
        assertThat(needs.get(0).refusal(64)).startsWith("needs 72 vCPU for 6 x i3en.2xlarge + 3 x c5n.2xlarge (");
    }
}
