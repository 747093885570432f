package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weka.aws.operator.api.v1alpha1.spec.BackendsSpec;
import io.weka.aws.operator.api.v1alpha1.spec.ContainerLayoutSpec;
import io.weka.aws.operator.model.ContainerLayouts;
import io.weka.aws.operator.model.ContainerLayouts.Layout;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Spot checks of the module's containers_config_map (variables.tf, v2.0.1) and of the spec's override. */
class ContainerLayoutsTest {
    @Test
    void theTableHasTheModulesTwelveTypes() {
        assertThat(ContainerLayouts.MODULE_DEFAULTS).containsOnlyKeys("i3en.2xlarge", "i3en.3xlarge", "i3en.6xlarge",
                "i3en.12xlarge", "i3en.24xlarge", "i8ge.2xlarge", "i8ge.3xlarge", "i8ge.6xlarge", "i8ge.12xlarge",
                "i8ge.18xlarge", "i8ge.24xlarge", "i8ge.48xlarge");
    }

    @Test
    void entriesAreTheModules() {
        assertThat(builtIn("i3en.2xlarge"))
                .contains(new Layout(1, 1, 1, 2, 4, "32.9GB", "32.64GB"));
        assertThat(builtIn("i3en.6xlarge"))
                .contains(new Layout(4, 2, 1, 2, 8, "136.5GB", "136.2GB"));
        assertThat(builtIn("i3en.24xlarge"))
                .contains(new Layout(9, 4, 1, 8, 15, "384GB", "384GB"));
        assertThat(builtIn("i8ge.3xlarge"))
                .contains(new Layout(3, 1, 1, 1, 6, "62GB", "61.7GB"));
        assertThat(builtIn("i8ge.18xlarge"))
                .contains(new Layout(11, 3, 1, 6, 16, "347GB", "347GB"));
        assertThat(builtIn("i8ge.48xlarge"))
                .contains(new Layout(14, 8, 1, 16, 24, "384GB", "384GB"));
        assertThat(builtIn("m5.large")).isEmpty();
    }

    @Test
    void everyEntryHasOneManagementNicPlusOneNicPerWekaCore() {
        ContainerLayouts.MODULE_DEFAULTS.forEach((type, layout) -> assertThat(layout.nics()).as(type)
                .isEqualTo(1 + layout.drive() + layout.computeCores(false)));
    }

    @Test
    void withoutADedicatedFrontendComputeTakesTheFrontendCore() {
        Layout layout = builtIn("i3en.6xlarge").orElseThrow();

        assertThat(layout.computeCores(false)).isEqualTo(5);
        assertThat(layout.frontendCores(false)).isZero();
        assertThat(layout.computeMemory(false)).isEqualTo("136.5GB");
        assertThat(layout.computeCores(true)).isEqualTo(4);
        assertThat(layout.frontendCores(true)).isEqualTo(1);
        assertThat(layout.computeMemory(true)).isEqualTo("136.2GB");
    }

    @Test
    void theSpecsLayoutOverridesTheTable() {
        BackendsSpec backends = backends("i3en.2xlarge", true);
        backends.containerLayout = new ContainerLayoutSpec();
        backends.containerLayout.compute = 2;
        backends.containerLayout.drive = 2;
        backends.containerLayout.frontend = 1;
        backends.containerLayout.nvme = 2;
        backends.containerLayout.nics = 6;
        backends.containerLayout.computeMemoryGB = 30.0;
        backends.containerLayout.computeMemoryWithFrontendGB = 29.75;

        assertThat(ContainerLayouts.of(backends)).isEqualTo(new Layout(2, 2, 1, 2, 6, "30GB", "29.75GB"));
        assertThat(ContainerLayouts.of(backends).nics(true)).isEqualTo(6);
    }

    @Test
    void nicsAreTheLayoutsWithDpdkAndOneOverUdp() {
        assertThat(nics(backends("i3en.2xlarge", true))).isEqualTo(4);
        assertThat(nics(backends("i3en.24xlarge", true))).isEqualTo(15);
        assertThat(nics(backends("i3en.24xlarge", false))).isEqualTo(1);
    }

    @Test
    void anUnknownTypeWithoutLayoutIsRefused() {
        assertThatThrownBy(() -> ContainerLayouts.of(backends("c5.large", true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backends.containerLayout");
    }

    private static Optional<Layout> builtIn(String type) {
        return Optional.ofNullable(ContainerLayouts.MODULE_DEFAULTS.get(type));
    }

    private static int nics(BackendsSpec backends) {
        return ContainerLayouts.of(backends).nics(backends.dpdk);
    }

    private static BackendsSpec backends(String type, boolean dpdk) {
        BackendsSpec backends = new BackendsSpec();
        backends.instanceType = type;
        backends.dpdk = dpdk;
        return backends;
    }
}
