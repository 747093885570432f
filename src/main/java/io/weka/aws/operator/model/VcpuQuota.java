package io.weka.aws.operator.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * EC2's Running On-Demand vCPU quotas (Service Quotas, service code ec2), each for the instance families AWS counts
 * against it. A family is the letters before the generation digit: i3en is I (Standard), inf2 is Inf, u-6tb1 is High
 * Memory. Families without an On-Demand vCPU quota (mac, on dedicated hosts) have none here.
 */
public enum VcpuQuota {
    STANDARD("L-1216C47A", "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances",
            "a", "c", "d", "h", "i", "im", "is", "m", "r", "t", "z"),
    F("L-74FC7D96", "Running On-Demand F instances", "f"),
    G_AND_VT("L-DB2E81BA", "Running On-Demand G and VT instances", "g", "gr", "vt"),
    INF("L-1945791B", "Running On-Demand Inf instances", "inf"),
    P("L-417A185B", "Running On-Demand P instances", "p"),
    X("L-7295265B", "Running On-Demand X instances", "x"),
    DL("L-6E869C2A", "Running On-Demand DL instances", "dl"),
    TRN("L-2C3B7624", "Running On-Demand Trn instances", "trn"),
    HPC("L-F7808C92", "Running On-Demand HPC instances", "hpc"),
    HIGH_MEMORY("L-43DA4232", "Running On-Demand High Memory instances", "u");

    private final String code;
    private final String quotaName;
    private final Set<String> families;

    VcpuQuota(String code, String quotaName, String... families) {
        this.code = code;
        this.quotaName = quotaName;
        this.families = Set.of(families);
    }

    /** The quota code, e.g. L-1216C47A. */
    public String code() {
        return code;
    }

    /** The quota's name as Service Quotas shows it. */
    public String quotaName() {
        return quotaName;
    }

    /** The quota an instance type's vCPUs count against; empty for a family that has none (mac). */
    public static Optional<VcpuQuota> of(String instanceType) {
        String family = instanceType.toLowerCase(Locale.ROOT).replaceFirst("^([a-z]+).*$", "$1");
        return Arrays.stream(values()).filter(q -> q.families.contains(family)).findFirst();
    }
}
