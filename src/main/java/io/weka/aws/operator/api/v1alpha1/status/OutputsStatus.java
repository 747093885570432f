package io.weka.aws.operator.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/** What the Terraform module outputs, as values (IPs, not shell commands). Never a secret's value. */
public class OutputsStatus {
    @JsonPropertyDescription("WEKA cluster name.")
    public String clusterName;

    @JsonPropertyDescription("AWS account the cluster lives in.")
    public String awsAccountId;

    @JsonPropertyDescription("DNS name clients and browsers use for the WEKA API and UI: loadBalancer.dnsName, else "
            + "the Route53 alias, else the load balancer's own name (module: alb_dns_name).")
    public String albDnsName;

    @JsonPropertyDescription("ARN of the internal application load balancer.")
    public String albArn;

    @JsonPropertyDescription("Backend Auto Scaling group.")
    public String asgName;

    @JsonPropertyDescription("SSH user of every instance.")
    public String sshUser;

    @JsonPropertyDescription("Secret in this namespace holding the generated SSH private key.")
    public String sshKeySecret;

    @JsonPropertyDescription("Secret in this namespace for the WEKA CSI plugin (spec.csiSecret); the CsiSecretReady "
            + "condition says whether it is written.")
    public String csiSecret;

    @JsonPropertyDescription("Secrets Manager ARN of the WEKA admin password.")
    public String adminPasswordSecretId;

    @JsonPropertyDescription("Name of the status function.")
    public String statusLambdaName;

    @JsonPropertyDescription("Name of the deploy function.")
    public String deployLambdaName;

    @JsonPropertyDescription("Secrets Manager ARN of the generated self-signed certificate's PEM (the certificate, "
            + "not its key), which clients pass as --cacert.")
    public String certificateSecretId;

    @JsonPropertyDescription("Client Auto Scaling group, when clients run in one.")
    public String clientAsgName;

    @JsonPropertyDescription("Name of the NFS gateways (their Auto Scaling group).")
    public String nfsGatewaysName;

    @JsonPropertyDescription("Name tag of the SMB gateways.")
    public String smbGatewaysName;

    @JsonPropertyDescription("Name tag of the S3 gateways.")
    public String s3GatewaysName;

    @JsonPropertyDescription("PublicIpAddress or PrivateIpAddress: which address the IP lists hold.")
    public String ipsType;

    @JsonPropertyDescription("Backend placement group.")
    public String placementGroupName;

    @JsonPropertyDescription("VPC of the cluster.")
    public String vpcId;

    @JsonPropertyDescription("Subnets of the cluster.")
    public List<String> subnetIds;

    @JsonPropertyDescription("Security groups of the instances.")
    public List<String> securityGroupIds;

    @JsonPropertyDescription("Backend IPs.")
    public List<String> backendIps;

    @JsonPropertyDescription("Client IPs.")
    public List<String> clientIps;

    @JsonPropertyDescription("NFS gateway IPs.")
    public List<String> nfsGatewayIps;

    @JsonPropertyDescription("SMB gateway IPs.")
    public List<String> smbGatewayIps;

    @JsonPropertyDescription("S3 gateway IPs.")
    public List<String> s3GatewayIps;

    @JsonPropertyDescription("Data-services IPs.")
    public List<String> dataServicesIps;

    @JsonPropertyDescription("AWS CLI commands for what status cannot hold: getIps, getPassword, getStatus, "
            + "getCertificate.")
    public Map<String, String> helperCommands;
}
