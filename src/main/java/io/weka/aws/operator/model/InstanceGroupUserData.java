package io.weka.aws.operator.model;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.api.v1alpha1.spec.ClientsSpec;
import io.weka.aws.operator.api.v1alpha1.spec.InstanceGroupSpec;
import io.weka.aws.operator.api.v1alpha1.spec.ProtocolGatewaySpec;
import io.weka.aws.operator.api.v1alpha1.spec.ProtocolGatewaysSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The user data of an optional instance group, as the module's modules/clients, modules/protocol_gateways and
 * modules/data_services assemble it from their templates (v2.0.1): the parts joined by newlines.
 *
 * @param subnetId the group's subnet, where gateways create their extra NICs
 * @param albDnsName the name clients mount through (the module's alb_dns_name), or null without a load balancer
 * @param certificatePem the generated self-signed certificate clients trust, or null when none was generated
 */
public record InstanceGroupUserData(InstanceGroup group, WekaClusterSpec spec, ClusterNames names, String subnetId,
        List<String> securityGroupIds, String albDnsName, String certificatePem) {

    public String render() {
        return String.join("\n", switch (group) {
            case CLIENTS -> clientParts(spec.clients);
            case DATA_SERVICES -> List.of(TemplateFile.render("data-services-init.sh", Map.of(
                    "region", spec.region,
                    "aws_logs_agent", logsAgent(false),
                    "proxy_url", proxyUrl(),
                    "deploy_lambda_name", names.function(WekaFunction.DEPLOY))));
            default -> gatewayParts((ProtocolGatewaySpec) group.spec(spec).orElseThrow());
        });
    }

    /** init.sh, pre-mount data, mount_wekafs.sh, post-mount data and the deprecated custom data (always ""). */
    private List<String> clientParts(ClientsSpec clients) {
        boolean dpdk = Boolean.TRUE.equals(clients.dpdk);
        String init = TemplateFile.render("client-init.sh", Map.of("aws_logs_agent", logsAgent(true)));
        // Without a load balancer the mount script picks a backend from the backends' ASG (and uses --insecure).
        String mount = TemplateFile.render("client-mount-wekafs.sh", Map.of(
                "frontend_container_cores_num", Integer.toString(dpdk ? clients.frontendCores : 1),
                "backends_asg_name", names.autoScalingGroup(),
                "clients_use_dpdk", Boolean.toString(dpdk),
                "region", spec.region,
                "alb_dns_name", Optional.ofNullable(albDnsName).orElse(""),
                "cert_pem", Optional.ofNullable(certificatePem).orElse(""),
                "weka_cgroups_mode", cgroups(clients)));
        return List.of(init, Optional.ofNullable(clients.customDataPreMount).orElse(""), mount,
                Optional.ofNullable(clients.customDataPostMount).orElse(""), "\n");
    }

    /** init.sh, then with setupProtocol protocol_setup.sh and the SMB or S3 script. */
    private List<String> gatewayParts(ProtocolGatewaySpec gateway) {
        Map<String, String> tags = new LinkedHashMap<>(Optional.ofNullable(spec.tags).orElse(Map.of()));
        tags.put(ClusterTags.APN_ID_KEY, ClusterTags.APN_ID);
        int secondaryIps = switch (group) {
            case NFS_GATEWAYS -> ((ProtocolGatewaysSpec.Nfs) gateway).secondaryIpsPerNic;
            case SMB_GATEWAYS -> ((ProtocolGatewaysSpec.Smb) gateway).secondaryIpsPerNic;
            default -> 0;
        };
        List<String> parts = new ArrayList<>();
        parts.add(TemplateFile.render("gateway-init.sh", Map.of(
                "nics_num", Integer.toString(gateway.frontendCores + 1),
                "subnet_id", subnetId,
                "region", spec.region,
                "groups", String.join(" ", securityGroupIds),
                "aws_logs_agent", logsAgent(false),
                "proxy_url", proxyUrl(),
                "deploy_lambda_name", names.function(WekaFunction.DEPLOY),
                "secondary_ips_per_nic", Integer.toString(secondaryIps),
                "protocol", group.protocol().toLowerCase(Locale.ROOT),
                "eni_tags", BackendUserData.eniTagsJson(tags))));
        if (Boolean.TRUE.equals(gateway.setupProtocol)) {
            parts.add(TemplateFile.render("gateway-protocol-setup.sh", Map.of(
                    "gateways_number", Integer.toString(group.count(spec)),
                    "gateways_name", group.name(names),
                    "region", spec.region)));
            if (group == InstanceGroup.SMB_GATEWAYS) {
                ProtocolGatewaysSpec.Smb smb = (ProtocolGatewaysSpec.Smb) gateway;
                parts.add(TemplateFile.render("gateway-setup-smb.sh", Map.of(
                        "cluster_name", smb.clusterName,
                        "domain_name", smb.domainName)));
            } else if (group == InstanceGroup.S3_GATEWAYS) {
                parts.add(TemplateFile.render("gateway-setup-s3.sh", Map.of()));
            }
        }
        return parts;
    }

    private String logsAgent(boolean anyDistribution) {
        return new AwsLogsAgentScript(group.logGroup(names), proxyUrl(), anyDistribution).render();
    }

    private String proxyUrl() {
        return Optional.ofNullable(spec.network).map(n -> n.proxyUrl).orElse("");
    }

    private static String cgroups(InstanceGroupSpec group) {
        return LambdaEnvironments.cgroups(group.cgroupsMode);
    }
}
