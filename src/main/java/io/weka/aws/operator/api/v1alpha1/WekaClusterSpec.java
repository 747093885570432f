package io.weka.aws.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.weka.aws.operator.api.v1alpha1.spec.AwsCredentialsSpec;
import io.weka.aws.operator.api.v1alpha1.spec.BackendsSpec;
import io.weka.aws.operator.api.v1alpha1.spec.ClientsSpec;
import io.weka.aws.operator.api.v1alpha1.spec.CsiSecretSpec;
import io.weka.aws.operator.api.v1alpha1.spec.CustomPrefixSpec;
import io.weka.aws.operator.api.v1alpha1.spec.DataServicesSpec;
import io.weka.aws.operator.api.v1alpha1.spec.DeletionPolicy;
import io.weka.aws.operator.api.v1alpha1.spec.EncryptionSpec;
import io.weka.aws.operator.api.v1alpha1.spec.Formats;
import io.weka.aws.operator.api.v1alpha1.spec.IamSpec;
import io.weka.aws.operator.api.v1alpha1.spec.LambdasSpec;
import io.weka.aws.operator.api.v1alpha1.spec.LoadBalancerSpec;
import io.weka.aws.operator.api.v1alpha1.spec.MetadataHttpTokens;
import io.weka.aws.operator.api.v1alpha1.spec.NetworkSpec;
import io.weka.aws.operator.api.v1alpha1.spec.ProtocolGatewaysSpec;
import io.weka.aws.operator.api.v1alpha1.spec.SecretsManagerSpec;
import io.weka.aws.operator.api.v1alpha1.spec.SshKeySpec;
import io.weka.aws.operator.api.v1alpha1.spec.StateTableSpec;
import io.weka.aws.operator.api.v1alpha1.spec.TieringSpec;
import io.weka.aws.operator.api.v1alpha1.spec.WekaSoftwareSpec;
import java.util.Map;

@ValidationRule(value = "has(self.clusterName) == has(oldSelf.clusterName) "
        + "&& (!has(self.clusterName) || self.clusterName == oldSelf.clusterName)",
        fieldPath = ".clusterName", reason = "FieldValueForbidden",
        message = "clusterName is immutable: every AWS resource name is derived from it; "
                + "create a new WekaCluster for a cluster of another name")
@ValidationRule(value = "!(self.loadBalancer.enabled && has(self.network.subnetId)) "
        + "|| has(self.loadBalancer.additionalSubnetId)",
        fieldPath = ".loadBalancer.additionalSubnetId", reason = "FieldValueRequired",
        message = "loadBalancer.additionalSubnetId (a subnet in another availability zone) is required when the ALB is "
                + "enabled with an existing network.subnetId")
@ValidationRule(value = "!has(self.loadBalancer.additionalSubnetId) "
        + "|| self.loadBalancer.additionalSubnetId != (has(self.loadBalancer.subnetId) ? self.loadBalancer.subnetId "
        + ": (has(self.network.subnetId) ? self.network.subnetId : ''))",
        fieldPath = ".loadBalancer.additionalSubnetId",
        messageExpression = "'loadBalancer.additionalSubnetId must be a second subnet, in another availability zone, "
                + "not the first one again: ' + self.loadBalancer.additionalSubnetId")
@ValidationRule(value = "self.loadBalancer.enabled || !(has(self.loadBalancer.route53) || has(self.loadBalancer.dnsName))",
        fieldPath = ".loadBalancer", message = "loadBalancer.route53 and loadBalancer.dnsName need loadBalancer.enabled: true")
@ValidationRule(value = "!(has(self.loadBalancer.route53) && has(self.loadBalancer.dnsName))",
        fieldPath = ".loadBalancer",
        message = "loadBalancer.route53 and loadBalancer.dnsName are mutually exclusive: the ALB has one published name")
@ValidationRule(value = "!has(self.network.create) || !(self.network.create.privateSubnet && self.network.create.natGateway)",
        fieldPath = ".network.create",
        message = "network.create.privateSubnet and network.create.natGateway are mutually exclusive")
public class WekaClusterSpec {
    @Required
    @Size(max = 32)
    @ValidationRule(value = Formats.IS_REGION, messageExpression = Formats.REGION_MESSAGE)
    @ValidationRule(value = "self == oldSelf", reason = "FieldValueForbidden",
            messageExpression = "'region is immutable: create a new WekaCluster to move a cluster'"
                    + Formats.REFUSED_CHANGE)
    @JsonPropertyDescription("AWS region of every resource, e.g. us-east-1. Immutable.")
    public String region;

    @JsonPropertyDescription("AWS credentials; default the operator's own chain (IRSA, Pod Identity, environment).")
    public AwsCredentialsSpec credentials;

    @Default("weka")
    @Size(min = 1, max = 20)
    @ValidationRule(value = Formats.IS_NAME_PART, messageExpression = Formats.NAME_PART_MESSAGE)
    @ValidationRule(value = "self == oldSelf", reason = "FieldValueForbidden",
            messageExpression = "'prefix is immutable: every AWS resource name is derived from it; "
                    + "create a new WekaCluster for other names'" + Formats.REFUSED_CHANGE)
    @JsonPropertyDescription("Prefix of every AWS resource name (module: prefix). Immutable. Default: weka.")
    public String prefix;

    @Size(min = 1, max = 40)
    @ValidationRule(value = Formats.IS_NAME_PART, messageExpression = Formats.NAME_PART_MESSAGE)
    @JsonPropertyDescription("WEKA cluster name and part of every AWS resource name; default metadata.name "
            + "(module: cluster_name). Immutable.")
    public String clusterName;

    @Default("{}")
    @ValidationRule(value = "self == oldSelf", reason = "FieldValueForbidden",
            message = "customPrefix is immutable: AWS resource names are derived from it")
    @JsonPropertyDescription("Per-service prefixes replacing prefix (module: custom_prefix). Immutable.")
    public CustomPrefixSpec customPrefix;

    @Size(max = 40)
    @ValidationRule(value = "self.all(k, size(k) >= 1 && size(k) <= 128)",
            message = "tag keys must be 1 to 128 characters, as AWS allows")
    @ValidationRule(value = "self.all(k, !k.lowerAscii().startsWith('aws:'))",
            message = "tag keys must not start with aws: (in any case), which AWS reserves for its own tags")
    @JsonPropertyDescription("Tags added to every AWS resource (module: tags_map): keys of 1 to 128 characters, "
            + "not starting with aws: (reserved by AWS), values of at most 256 characters; at most 40 tags.")
    public Map<String, @Size(max = 256) String> tags;

    @Required
    @JsonPropertyDescription("WEKA software and the get.weka.io token.")
    public WekaSoftwareSpec weka;

    @Default("{}")
    @JsonPropertyDescription("Backend instances: their number, type and WEKA data protection.")
    public BackendsSpec backends;

    @Default("{}")
    @JsonPropertyDescription("Network, security groups and VPC endpoints.")
    public NetworkSpec network;

    @Default("{}")
    @JsonPropertyDescription("Internal application load balancer in front of the WEKA API and UI.")
    public LoadBalancerSpec loadBalancer;

    @Default("{}")
    @JsonPropertyDescription("Tiering of the default filesystem to S3.")
    public TieringSpec tiering;

    @Default("{}")
    @JsonPropertyDescription("WEKA clients.")
    public ClientsSpec clients;

    @Default("{}")
    @JsonPropertyDescription("NFS, SMB and S3 protocol gateways.")
    public ProtocolGatewaysSpec protocolGateways;

    @Default("{}")
    @JsonPropertyDescription("Data-services instances.")
    public DataServicesSpec dataServices;

    @Default("{}")
    @JsonPropertyDescription("How WEKA's secrets are kept in AWS Secrets Manager.")
    public SecretsManagerSpec secretsManager;

    @Default("{}")
    @JsonPropertyDescription("Existing IAM roles and instance profiles to use instead of creating them, per role.")
    public IamSpec iam;

    @Default("{}")
    @JsonPropertyDescription("SSH key pair of the instances (user ec2-user).")
    public SshKeySpec sshKey;

    @Default("{}")
    @JsonPropertyDescription("WEKA's released functions: their code location and VPC attachment.")
    public LambdasSpec lambdas;

    @Default("{}")
    @JsonPropertyDescription("DynamoDB table holding the clusterization state.")
    public StateTableSpec stateTable;

    @Default("{}")
    @JsonPropertyDescription("EBS encryption.")
    public EncryptionSpec encryption;

    @Default("Required")
    @JsonPropertyDescription("Instance metadata service mode of every launch template; Required is IMDSv2 only "
            + "(module: metadata_http_tokens). One of: Optional, Required. Default: Required.")
    public MetadataHttpTokens metadataHttpTokens;

    @Default("Delete")
    @JsonPropertyDescription("Delete removes every AWS resource of the cluster when the WekaCluster is deleted; "
            + "Retain leaves AWS untouched. One of: Delete, Retain. Default: Delete.")
    public DeletionPolicy deletionPolicy;

    @Default("{}")
    @JsonPropertyDescription("A Secret with what the WEKA CSI plugin needs to reach this cluster's API; off by default.")
    public CsiSecretSpec csiSecret;
}
