package io.weka.aws.operator.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What the Terraform module outputs, as values (IPs, not shell commands). Never a secret's value. */
public class OutputsStatus {
    @JsonPropertyDescription("AWS account the cluster lives in.")
    public String awsAccountId;

    @JsonPropertyDescription("DNS name clients and browsers use for the WEKA API and UI.")
    public String albDnsName;

    @JsonPropertyDescription("Backend Auto Scaling group.")
    public String asgName;

    @JsonPropertyDescription("SSH user of every instance.")
    public String sshUser;

    @JsonPropertyDescription("Secret in this namespace holding the generated SSH private key.")
    public String sshKeySecret;

    @JsonPropertyDescription("Secrets Manager ARN of the WEKA admin password.")
    public String adminPasswordSecretId;

    @JsonPropertyDescription("Name of the status function.")
    public String statusLambdaName;

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

    @JsonPropertyDescription("AWS CLI commands for what status cannot hold: getIps, getPassword, getStatus.")
    public java.util.Map<String, String> helperCommands;
}
