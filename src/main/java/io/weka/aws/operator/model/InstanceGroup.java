package io.weka.aws.operator.model;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.api.v1alpha1.spec.CpuArchitecture;
import io.weka.aws.operator.api.v1alpha1.spec.InstanceGroupSpec;
import io.weka.aws.operator.api.v1alpha1.spec.ProtocolGatewaySpec;
import io.weka.aws.operator.api.v1alpha1.spec.ProtocolGatewaysSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The optional instance groups of a cluster (clients.tf, protocol_gateways.tf, data_services.tf): what differs
 * between them, so that one launch template, one role and one ASG-or-instances implementation serve all five.
 * Names are the module's: {@code <ec2>-<cluster>-<base>} for instances, {@code <iam>-<cluster>-<base>} for IAM.
 */
public enum InstanceGroup {
    CLIENTS("Clients", "client", null, "client"),
    NFS_GATEWAYS("NfsGateways", "nfs-protocol-gateway", "NFS", "gateways-protocol"),
    SMB_GATEWAYS("SmbGateways", "smb-protocol-gateway", "SMB", "gateways-protocol"),
    S3_GATEWAYS("S3Gateways", "s3-protocol-gateway", "S3", "gateways-protocol"),
    DATA_SERVICES("DataServices", "data-services", null, "data-services");

    /** Tag of a plain instance's place in its group, 0-based; IMDS-safe, as instance tags must be. */
    public static final String INDEX_TAG = "weka.io:group-index";

    private final String kind;
    private final String base;
    private final String protocol;
    private final String hostgroupType;

    InstanceGroup(String kind, String base, String protocol, String hostgroupType) {
        this.kind = kind;
        this.base = base;
        this.protocol = protocol;
        this.hostgroupType = hostgroupType;
    }

    /** Prefix of the kinds of this group's resources, e.g. "NfsGateways" in "NfsGatewaysLaunchTemplate". */
    public String kind() {
        return kind;
    }

    /** Where the group sits in the spec, for messages: e.g. "protocolGateways.smb". */
    public String specPath() {
        return switch (this) {
            case CLIENTS -> "clients";
            case DATA_SERVICES -> "dataServices";
            default -> "protocolGateways." + protocol.toLowerCase(Locale.ROOT);
        };
    }

    /** NFS, SMB or S3 for gateways; null otherwise. */
    public String protocol() {
        return protocol;
    }

    /** The group's settings, empty when the spec turns it off (no block, or a count of 0). */
    public Optional<InstanceGroupSpec> spec(WekaClusterSpec spec) {
        Optional<ProtocolGatewaysSpec> gateways = Optional.ofNullable(spec.protocolGateways);
        return switch (this) {
            case CLIENTS -> Optional.ofNullable(spec.clients).filter(c -> c.count != null && c.count > 0)
                    .map(InstanceGroupSpec.class::cast);
            case NFS_GATEWAYS -> gateways.map(g -> g.nfs);
            case SMB_GATEWAYS -> gateways.map(g -> g.smb);
            case S3_GATEWAYS -> gateways.map(g -> g.s3);
            case DATA_SERVICES -> Optional.ofNullable(spec.dataServices).filter(d -> d.count != null && d.count > 0)
                    .map(InstanceGroupSpec.class::cast);
        };
    }

    public boolean wanted(WekaClusterSpec spec) {
        return spec(spec).isPresent();
    }

    public int count(WekaClusterSpec spec) {
        return switch (this) {
            case CLIENTS -> spec.clients.count;
            case NFS_GATEWAYS -> spec.protocolGateways.nfs.count;
            case SMB_GATEWAYS -> spec.protocolGateways.smb.count;
            case S3_GATEWAYS -> spec.protocolGateways.s3.count;
            case DATA_SERVICES -> spec.dataServices.count;
        };
    }

    public String instanceType(WekaClusterSpec spec) {
        return switch (this) {
            case CLIENTS -> spec.clients.instanceType;
            case DATA_SERVICES -> spec.dataServices.instanceType;
            default -> gateway(spec).instanceType;
        };
    }

    /** Size of the /opt/weka volume; clients have none. */
    public Optional<Integer> wekaVolumeSize(WekaClusterSpec spec) {
        return switch (this) {
            case CLIENTS -> Optional.empty();
            case DATA_SERVICES -> Optional.of(spec.dataServices.wekaVolumeSize);
            default -> Optional.of(gateway(spec).wekaVolumeSize);
        };
    }

    /** Root volume size; null leaves it to the AMI. */
    public Integer rootVolumeSize(WekaClusterSpec spec) {
        return switch (this) {
            case CLIENTS -> spec.clients.rootVolumeSize;
            case DATA_SERVICES -> spec.dataServices.rootVolumeSize;
            default -> gateway(spec).rootVolumeSize;
        };
    }

    /**
     * The default AMI's name: x86_64 for gateways and data services (the module's fixed filter), for clients the
     * spec's arch or the instance type's (Graviton families carry a "g" after their generation, plus a1).
     */
    public String imageNamePattern(WekaClusterSpec spec) {
        boolean arm = false;
        if (this == CLIENTS) {
            String family = spec.clients.instanceType.split("\\.")[0];
            arm = spec.clients.arch != null ? spec.clients.arch == CpuArchitecture.ARM64
                    : family.equals("a1") || family.matches("[a-z]+[0-9]+[a-z]*g[a-z]*");
        }
        return "al2023-ami-2023*-kernel-6.1-" + (arm ? "arm64" : "x86_64");
    }

    private ProtocolGatewaySpec gateway(WekaClusterSpec spec) {
        return (ProtocolGatewaySpec) spec(spec).orElseThrow();
    }

    /** NFS gateways and data services always run in an Auto Scaling group, clients when asked, SMB and S3 never. */
    public boolean autoScaling(WekaClusterSpec spec) {
        return switch (this) {
            case CLIENTS -> Boolean.TRUE.equals(spec.clients.useAutoscalingGroup);
            case NFS_GATEWAYS, DATA_SERVICES -> true;
            case SMB_GATEWAYS, S3_GATEWAYS -> false;
        };
    }

    /** Clients can be replaced at will; gateways and data services get termination and stop protection. */
    public boolean protectedInstances() {
        return this != CLIENTS;
    }

    /** The Name tag of what the group launches, and the module's gateways_name / clients_name. */
    public String name(ClusterNames names) {
        return names.ec2(base);
    }

    public String launchTemplateName(ClusterNames names) {
        return name(names) + "-launch-template";
    }

    public String autoScalingGroupName(ClusterNames names) {
        return this == CLIENTS ? name(names) + "-asg" : name(names);
    }

    public String roleName(ClusterNames names) {
        return names.iam(base) + (this == CLIENTS ? "-iam-role" : "-role");
    }

    public String instanceProfileName(ClusterNames names) {
        return names.iam(base) + "-instance-profile";
    }

    /** {@code <iam>-<cluster>-<base>-<suffix>}, e.g. the group's ec2-policy. */
    public String policyName(ClusterNames names, String suffix) {
        return names.iam(base) + "-" + suffix;
    }

    /** The CloudWatch log group the instances ship syslog to. */
    public String logGroup(ClusterNames names) {
        return (this == CLIENTS ? "/wekaio/clients/" : "/wekaio/") + name(names);
    }

    /** The module's tag_specifications tags of the group, besides the cluster's common tags. */
    public Map<String, String> launchedTags(ClusterNames names) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Name", name(names));
        tags.put(ClusterTags.CLUSTER_NAME, names.cluster());
        tags.put(ClusterTags.HOSTGROUP_TYPE, hostgroupType);
        if (protocol != null) {
            tags.put("protocol", protocol);
        }
        return tags;
    }

    /** WEKA's functions the group's instances invoke (clients invoke none). */
    public List<WekaFunction> invokedFunctions() {
        return switch (this) {
            case CLIENTS -> List.of();
            case DATA_SERVICES -> List.of(WekaFunction.DEPLOY, WekaFunction.REPORT, WekaFunction.FETCH,
                    WekaFunction.STATUS);
            default -> List.of(WekaFunction.DEPLOY, WekaFunction.REPORT, WekaFunction.FETCH, WekaFunction.STATUS,
                    WekaFunction.CLUSTERIZE, WekaFunction.CLUSTERIZE_FINALIZATION, WekaFunction.JOIN_NFS_FINALIZATION);
        };
    }
}
