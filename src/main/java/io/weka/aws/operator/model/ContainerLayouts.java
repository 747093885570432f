package io.weka.aws.operator.model;

import io.weka.aws.operator.api.v1alpha1.spec.BackendsSpec;
import io.weka.aws.operator.api.v1alpha1.spec.ContainerLayoutSpec;
import java.math.BigDecimal;
import java.util.Map;

/**
 * How WEKA's containers use a backend instance type: the module's {@code containers_config_map} default table
 * (variables.tf, v2.0.1), or the spec's own {@code backends.containerLayout}, which replaces it.
 */
public final class ContainerLayouts {
    /**
     * One entry of the table. Memory is kept as the module spells it ("32.9GB"), since it reaches WEKA's
     * functions as an environment value: {@code memory} without, {@code memoryWithFrontend} with a dedicated
     * frontend container.
     */
    public record Layout(int compute, int drive, int frontend, int nvme, int nics, String memory,
            String memoryWithFrontend) {
        /** The module's {@code memory[set_dedicated_fe_container ? 1 : 0]}. */
        public String computeMemory(boolean dedicatedFrontend) {
            return dedicatedFrontend ? memoryWithFrontend : memory;
        }

        /** Cores of the compute container: without a frontend container it takes the frontend's core too. */
        public int computeCores(boolean dedicatedFrontend) {
            return dedicatedFrontend ? compute : compute + 1;
        }

        /** Cores of the frontend container; 0 when there is none. */
        public int frontendCores(boolean dedicatedFrontend) {
            return dedicatedFrontend ? frontend : 0;
        }

        /** Network interfaces per backend, as the launch template attaches them: one without DPDK. */
        public int nics(boolean dpdk) {
            return dpdk ? nics : 1;
        }
    }

    /** The module's containers_config_map default, unchanged. */
    public static final Map<String, Layout> MODULE_DEFAULTS = Map.ofEntries(
            Map.entry("i3en.2xlarge", new Layout(1, 1, 1, 2, 4, "32.9GB", "32.64GB")),
            Map.entry("i3en.3xlarge", new Layout(1, 1, 1, 1, 4, "62GB", "61.7GB")),
            Map.entry("i3en.6xlarge", new Layout(4, 2, 1, 2, 8, "136.5GB", "136.2GB")),
            Map.entry("i3en.12xlarge", new Layout(4, 2, 1, 4, 8, "310.7GB", "310.4GB")),
            Map.entry("i3en.24xlarge", new Layout(9, 4, 1, 8, 15, "384GB", "384GB")),
            Map.entry("i8ge.2xlarge", new Layout(1, 1, 1, 2, 4, "32.9GB", "32.64GB")),
            Map.entry("i8ge.3xlarge", new Layout(3, 1, 1, 1, 6, "62GB", "61.7GB")),
            Map.entry("i8ge.6xlarge", new Layout(6, 2, 1, 2, 10, "136.5GB", "136.2GB")),
            Map.entry("i8ge.12xlarge", new Layout(6, 4, 1, 4, 12, "310.7GB", "310.4GB")),
            Map.entry("i8ge.18xlarge", new Layout(11, 3, 1, 6, 16, "347GB", "347GB")),
            Map.entry("i8ge.24xlarge", new Layout(10, 4, 1, 8, 16, "384GB", "384GB")),
            Map.entry("i8ge.48xlarge", new Layout(14, 8, 1, 16, 24, "384GB", "384GB")));

    private ContainerLayouts() {
    }

    /** The backends' layout: their containerLayout when given, else the table's entry for their instance type. */
    public static Layout of(BackendsSpec backends) {
        ContainerLayoutSpec custom = backends.containerLayout;
        if (custom != null) {
            return new Layout(custom.compute, custom.drive, custom.frontend, custom.nvme, custom.nics,
                    gigabytes(custom.computeMemoryGB), gigabytes(custom.computeMemoryWithFrontendGB));
        }
        Layout layout = MODULE_DEFAULTS.get(backends.instanceType);
        if (layout == null) {
            // The CRD rejects this; a spec that got past it anyway is a bug, not something to guess around.
            throw new IllegalArgumentException("no container layout for instance type " + backends.instanceType
                    + "; set backends.containerLayout");
        }
        return layout;
    }

    /** 32.9 → "32.9GB", 384.0 → "384GB": the module's spelling. */
    static String gigabytes(Double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() + "GB";
    }
}
