package io.weka.aws.operator.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The vCPUs a cluster runs, per On-Demand vCPU quota: what the tutorial asks people to add up by hand (10 x
 * i3en.6xlarge are 240 vCPUs) before they apply. Only this cluster's instances are counted.
 */
public final class VcpuNeeds {
    /** The vCPUs one quota must cover, and of which instances, e.g. "10 x i3en.6xlarge + 2 x c5n.2xlarge". */
    public record Need(VcpuQuota quota, int vcpus, String instances) {
        public boolean fitsIn(double quotaValue) {
            return vcpus <= quotaValue;
        }

        /** Said when the quota is too small: what is needed, for what, and the quota with its value. */
        public String refusal(double quotaValue) {
            return "needs " + vcpus + " vCPU for " + instances + " (" + quota.quotaName() + ", quota " + quota.code()
                    + ": " + plain(quotaValue) + ")";
        }

        /** Said when it fits. */
        public String fit(double quotaValue) {
            return vcpus + " of " + plain(quotaValue) + " vCPU for " + instances + " (quota " + quota.code() + ")";
        }
    }

    private VcpuNeeds() {
    }

    /**
     * The needs of every quota the demands count against, in the quotas' order; {@code vcpusPerType} holds every
     * demanded type's default vCPUs. Types without a quota (see {@link VcpuQuota#of}) are left out.
     */
    public static List<Need> of(List<InstanceDemand> demands, Map<String, Integer> vcpusPerType) {
        Map<VcpuQuota, Map<String, Integer>> counts = new EnumMap<>(VcpuQuota.class);
        for (InstanceDemand demand : demands) {
            VcpuQuota.of(demand.instanceType()).ifPresent(quota -> counts
                    .computeIfAbsent(quota, q -> new LinkedHashMap<>())
                    .merge(demand.instanceType(), demand.count(), Integer::sum));
        }
        List<Need> needs = new ArrayList<>();
        counts.forEach((quota, byType) -> {
            int vcpus = byType.entrySet().stream().mapToInt(e -> e.getValue() * vcpusPerType.get(e.getKey())).sum();
            String instances = byType.entrySet().stream().map(e -> e.getValue() + " x " + e.getKey())
                    .collect(Collectors.joining(" + "));
            needs.add(new Need(quota, vcpus, instances));
        });
        return needs;
    }

    /** 128.0 as "128": quotas are whole vCPUs, though Service Quotas answers a double. */
    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
