package io.weka.aws.operator.model;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.api.v1alpha1.spec.BackendsSpec;
import io.weka.aws.operator.api.v1alpha1.spec.CgroupsMode;
import io.weka.aws.operator.api.v1alpha1.spec.InstanceGroupSpec;
import io.weka.aws.operator.api.v1alpha1.spec.ProtocolGatewaySpec;
import io.weka.aws.operator.api.v1alpha1.spec.ProtocolGatewaysSpec;
import io.weka.aws.operator.api.v1alpha1.spec.TieringSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The environment of each of WEKA's functions, variable for variable as lambdas.tf (v2.0.1) sets it, in its order.
 * Terraform passes numbers and booleans as their decimal and true/false spellings; so do we. Where the module reads
 * a variable of a protocol gateway that is not configured, it gets the variable's default, which we repeat here.
 */
public final class LambdaEnvironments {
    // The module's defaults of variables for gateways that are not configured.
    static final String DEFAULT_NFS_INTERFACE_GROUP = "weka-ig";
    static final int DEFAULT_NFS_SECONDARY_IPS = 3;
    static final int DEFAULT_GATEWAY_FRONTEND_CORES = 1;
    static final String DEFAULT_CGROUPS_MODE = "force_v2";

    /**
     * What other resources found out: the state table, the secrets' ids (ARNs), and the ALB's ARN suffix
     * (null without an ALB). The token secret id may be null when the spec installs from a URL without a token.
     */
    public record Inputs(String stateTable, String tokenSecretId, String usernameSecretId,
            String adminPasswordSecretId, String deploymentPasswordSecretId, String albArnSuffix) {
    }

    private LambdaEnvironments() {
    }

    /** Every function's environment. */
    public static Map<WekaFunction, Map<String, String>> all(WekaClusterSpec spec, ClusterNames names, Inputs in) {
        Map<WekaFunction, Map<String, String>> all = new LinkedHashMap<>();
        for (WekaFunction function : WekaFunction.values()) {
            all.put(function, of(function, spec, names, in));
        }
        return Collections.unmodifiableMap(all);
    }

    public static Map<String, String> of(WekaFunction function, WekaClusterSpec spec, ClusterNames names, Inputs in) {
        Env env = new Env().put("LAMBDA", function.dispatch());
        switch (function) {
            case DEPLOY -> deploy(env, spec, names, in);
            case CLUSTERIZE -> clusterize(env, spec, names, in);
            case CLUSTERIZE_FINALIZATION -> state(env, spec, names, in);
            case REPORT -> state(env.put("REGION", spec.region), spec, names, in);
            case JOIN_NFS_FINALIZATION -> {
            }
            case MANAGEMENT -> env.put("REGION", spec.region).put("CLUSTER_NAME", names.cluster())
                    .put("USERNAME_ID", in.usernameSecretId()).put("DEPLOYMENT_PASSWORD_ID", in.deploymentPasswordSecretId())
                    .put("ADMIN_PASSWORD_ID", in.adminPasswordSecretId())
                    .put("USE_SECRETMANAGER_ENDPOINT", spec.secretsManager.useEndpoint);
            case STATUS -> {
                state(env, spec, names, in);
                env.put("CLUSTER_NAME", names.cluster()).put("MANAGEMENT_LAMBDA", names.function(WekaFunction.MANAGEMENT))
                        .put("USERNAME_ID", in.usernameSecretId()).put("DEPLOYMENT_PASSWORD_ID", in.deploymentPasswordSecretId())
                        .put("ADMIN_PASSWORD_ID", in.adminPasswordSecretId())
                        .put("USE_SECRETMANAGER_ENDPOINT", spec.secretsManager.useEndpoint);
            }
            case FETCH -> env.put("REGION", spec.region).put("STATE_TABLE", in.stateTable()).put("ROLE", "backend")
                    .put("DOWN_BACKENDS_REMOVAL_TIMEOUT", spec.backends.downBackendsRemovalTimeout)
                    .put("CLUSTER_NAME", names.cluster()).put("ASG_NAME", names.autoScalingGroup())
                    .put("NFS_ASG_NAME", names.nfsAutoScalingGroup())
                    .put("USERNAME_ID", in.usernameSecretId()).put("DEPLOYMENT_PASSWORD_ID", in.deploymentPasswordSecretId())
                    .put("ADMIN_PASSWORD_ID", in.adminPasswordSecretId())
                    .put("USE_SECRETMANAGER_ENDPOINT", spec.secretsManager.useEndpoint);
            case SCALE_DOWN -> env.put("REGION", spec.region).put("CLUSTER_NAME", names.cluster())
                    .put("USERNAME_ID", in.usernameSecretId()).put("DEPLOYMENT_PASSWORD_ID", in.deploymentPasswordSecretId())
                    .put("ADMIN_PASSWORD_ID", in.adminPasswordSecretId());
            case TRANSIENT -> env.put("REGION", spec.region).put("CLUSTER_NAME", names.cluster());
            case TERMINATE -> env.put("REGION", spec.region).put("CLUSTER_NAME", names.cluster())
                    .put("ASG_NAME", names.autoScalingGroup()).put("NFS_ASG_NAME", names.nfsAutoScalingGroup());
        }
        return env.build();
    }

    private static void deploy(Env env, WekaClusterSpec spec, ClusterNames names, Inputs in) {
        BackendsSpec backends = spec.backends;
        ContainerLayouts.Layout layout = ContainerLayouts.of(backends);
        boolean fe = backends.dedicatedFrontendContainer;
        ProtocolGatewaysSpec gateways = spec.protocolGateways;
        Optional<ProtocolGatewaysSpec.Nfs> nfs = Optional.ofNullable(gateways.nfs);
        env.put("REGION", spec.region).put("TOKEN_ID", Objects.requireNonNullElse(in.tokenSecretId(), ""))
                .put("STATE_TABLE", in.stateTable()).put("STATE_TABLE_HASH_KEY", spec.stateTable.hashKey)
                .put("STATE_KEY", names.stateKey()).put("NFS_STATE_KEY", names.nfsStateKey())
                .put("CLUSTER_NAME", names.cluster())
                .put("COMPUTE_MEMORY", layout.computeMemory(fe))
                .put("COMPUTE_CONTAINER_CORES_NUM", layout.computeCores(fe))
                .put("FRONTEND_CONTAINER_CORES_NUM", layout.frontendCores(fe))
                .put("DRIVE_CONTAINER_CORES_NUM", layout.drive())
                .put("INSTALL_URL", installUrl(spec))
                .put("INSTALL_DPDK", backends.dpdk)
                .put("NICS_NUM", layout.nics())
                .put("CLUSTERIZE_LAMBDA_NAME", names.function(WekaFunction.CLUSTERIZE))
                .put("REPORT_LAMBDA_NAME", names.function(WekaFunction.REPORT))
                .put("FETCH_LAMBDA_NAME", names.function(WekaFunction.FETCH))
                .put("STATUS_LAMBDA_NAME", names.function(WekaFunction.STATUS))
                .put("JOIN_NFS_FINALIZATION_LAMBDA_NAME", names.function(WekaFunction.JOIN_NFS_FINALIZATION))
                .put("PROXY_URL", Objects.requireNonNullElse(spec.network.proxyUrl, ""))
                .put("NFS_INTERFACE_GROUP_NAME", nfs.map(n -> n.interfaceGroupName).orElse(DEFAULT_NFS_INTERFACE_GROUP))
                .put("NFS_SECONDARY_IPS_NUM", nfs.map(n -> n.secondaryIpsPerNic).orElse(DEFAULT_NFS_SECONDARY_IPS))
                .put("NFS_PROTOCOL_GATEWAY_FE_CORES_NUM", frontendCores(gateways.nfs))
                .put("SMB_PROTOCOL_GATEWAY_FE_CORES_NUM", frontendCores(gateways.smb))
                .put("S3_PROTOCOL_GATEWAY_FE_CORES_NUM", frontendCores(gateways.s3))
                .put("ALB_ARN_SUFFIX", Objects.requireNonNullElse(in.albArnSuffix(), ""))
                .put("CGROUPS_MODE", cgroups(backends.cgroupsMode))
                .put("DATA_SERVICES_CGROUPS_MODE", cgroups(spec.dataServices))
                .put("NFS_PROTOCOL_GATEWAY_CGROUPS_MODE", cgroups(gateways.nfs))
                .put("SMB_PROTOCOL_GATEWAY_CGROUPS_MODE", cgroups(gateways.smb))
                .put("S3_PROTOCOL_GATEWAY_CGROUPS_MODE", cgroups(gateways.s3));
    }

    private static void clusterize(Env env, WekaClusterSpec spec, ClusterNames names, Inputs in) {
        BackendsSpec backends = spec.backends;
        TieringSpec tiering = spec.tiering;
        Optional<ProtocolGatewaysSpec.Nfs> nfs = Optional.ofNullable(spec.protocolGateways.nfs);
        env.put("REGION", spec.region).put("HOSTS_NUM", backends.count).put("CLUSTER_NAME", names.cluster())
                .put("PREFIX", names.obsPrefix())
                .put("NVMES_NUM", ContainerLayouts.of(backends).nvme())
                .put("ADMIN_PASSWORD_ID", in.adminPasswordSecretId())
                .put("DEPLOYMENT_PASSWORD_ID", in.deploymentPasswordSecretId());
        state(env, spec, names, in);
        env.put("STRIPE_WIDTH", stripeWidth(backends)).put("PROTECTION_LEVEL", backends.protectionLevel)
                .put("HOTSPARE", backends.hotspare)
                .put("SET_OBS", tiering.enabled)
                // The operator creates the default bucket, so clusterize is told its name instead of creating it.
                .put("OBS_NAME", Objects.requireNonNullElse(tiering.bucket,
                        Boolean.TRUE.equals(tiering.enabled) ? names.tieringBucket() : ""))
                .put("OBS_TIERING_SSD_PERCENT", tiering.ssdPercent)
                .put("TIERING_TARGET_SSD_RETENTION", tiering.targetSsdRetention)
                .put("TIERING_START_DEMOTE", tiering.startDemote)
                .put("SET_DEFAULT_FS", backends.setDefaultFilesystem)
                .put("POST_CLUSTER_SETUP_SCRIPT", Objects.requireNonNullElse(backends.postClusterSetupScript, ""))
                .put("FRONTEND_CONTAINER_CORES_NUM",
                        ContainerLayouts.of(backends).frontendCores(backends.dedicatedFrontendContainer))
                .put("PROXY_URL", Objects.requireNonNullElse(spec.network.proxyUrl, ""))
                .put("WEKA_HOME_URL", Objects.requireNonNullElse(spec.weka.homeUrl, ""))
                .put("INSTALL_DPDK", backends.dpdk)
                .put("AWS_APN_ID", ClusterTags.APN_ID)
                .put("CLUSTERIZE_FINALIZATION_LAMBDA_NAME", names.function(WekaFunction.CLUSTERIZE_FINALIZATION))
                .put("REPORT_LAMBDA_NAME", names.function(WekaFunction.REPORT))
                .put("FETCH_LAMBDA_NAME", names.function(WekaFunction.FETCH))
                .put("NFS_INTERFACE_GROUP_NAME", nfs.map(n -> n.interfaceGroupName).orElse(DEFAULT_NFS_INTERFACE_GROUP))
                .put("NFS_PROTOCOL_GATEWAYS_NUM", nfs.map(n -> n.count).orElse(0))
                .put("ALB_ARN_SUFFIX", Objects.requireNonNullElse(in.albArnSuffix(), ""));
    }

    private static void state(Env env, WekaClusterSpec spec, ClusterNames names, Inputs in) {
        env.put("STATE_TABLE", in.stateTable()).put("STATE_TABLE_HASH_KEY", spec.stateTable.hashKey)
                .put("STATE_KEY", names.stateKey()).put("NFS_STATE_KEY", names.nfsStateKey());
    }

    /** The module's stripe_width, or count - protection - 1 capped at 16. */
    static int stripeWidth(BackendsSpec backends) {
        return backends.stripeWidth != null ? backends.stripeWidth
                : Math.min(backends.count - backends.protectionLevel - 1, 16);
    }

    static String installUrl(WekaClusterSpec spec) {
        if (spec.weka.installUrl != null) {
            return spec.weka.installUrl;
        }
        String version = spec.weka.version;
        return "https://$TOKEN@get.weka.io/dist/v1/install/" + version + "/" + version + "?provider=aws&region="
                + spec.region;
    }



    private static int frontendCores(ProtocolGatewaySpec gateway) {
        return gateway == null ? DEFAULT_GATEWAY_FRONTEND_CORES : gateway.frontendCores;
    }

    private static String cgroups(InstanceGroupSpec group) {
        return group == null ? DEFAULT_CGROUPS_MODE : cgroups(group.cgroupsMode);
    }

    static String cgroups(CgroupsMode mode) {
        return mode == CgroupsMode.Auto ? "auto" : "force_v2";
    }

    /** An insertion-ordered map that spells values as Terraform passes them to a function's environment. */
    private static final class Env {
        private final Map<String, String> values = new LinkedHashMap<>();

        Env put(String key, Object value) {
            values.put(key, String.valueOf(Objects.requireNonNull(value, key)));
            return this;
        }

        Map<String, String> build() {
            return Collections.unmodifiableMap(values);
        }
    }
}
