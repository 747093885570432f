package io.weka.aws.operator.reconciler;

import io.weka.aws.operator.api.v1alpha1.status.OutputsStatus;
import io.weka.aws.operator.model.ClusterNames;
import io.weka.aws.operator.model.InstanceGroup;
import io.weka.aws.operator.model.WekaFunction;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.GroupFacts;
import io.weka.aws.operator.resources.ec2.KeyPairResource;
import io.weka.aws.operator.resources.elb.LoadBalancerResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Terraform module's outputs, as values taken from what the resources found. Never a secret's value. */
final class ClusterOutputs {
    static final String SSH_USER = "ec2-user";

    private ClusterOutputs() {
    }

    static void fill(OutputsStatus outputs, ClusterContext context) {
        ClusterNames names = context.names();
        String region = context.spec().region;
        outputs.clusterName = names.cluster();
        outputs.sshUser = SSH_USER;
        outputs.sshKeySecret = context.find(Facts.KEY_PAIR_NAME).flatMap(k -> KeyPairResource.sshKeySecretName(
                context.cluster())).orElse(null);
        outputs.vpcId = context.find(Facts.VPC_ID).orElse(null);
        outputs.subnetIds = context.find(Facts.SUBNET_ID).map(List::of).orElse(null);
        outputs.securityGroupIds = context.find(Facts.SECURITY_GROUP_IDS).orElse(null);
        outputs.placementGroupName = context.find(Facts.PLACEMENT_GROUP_NAME).orElse(null);
        outputs.ipsType = context.find(Facts.ASSIGN_PUBLIC_IP).map(p -> p ? "PublicIpAddress" : "PrivateIpAddress")
                .orElse(null);
        outputs.asgName = context.find(Facts.AUTO_SCALING_GROUP_NAME).orElse(null);
        outputs.adminPasswordSecretId = context.find(Facts.ADMIN_PASSWORD_SECRET_ID).orElse(null);
        outputs.albDnsName = LoadBalancerResource.publishedDnsName(context).orElse(null);
        outputs.albArn = context.find(Facts.ALB_ARN).orElse(null);
        outputs.certificateSecretId = context.find(Facts.CERTIFICATE_SECRET_ID).orElse(null);
        boolean functions = context.find(Facts.FUNCTION_ARNS).isPresent();
        outputs.statusLambdaName = functions ? names.function(WekaFunction.STATUS) : null;
        outputs.deployLambdaName = functions ? names.function(WekaFunction.DEPLOY) : null;

        fillGroups(outputs, context);

        Map<String, String> commands = new LinkedHashMap<>();
        if (outputs.asgName != null && outputs.ipsType != null) {
            commands.put("getIps", "aws ec2 describe-instances --region " + region
                    + " --filters Name=tag:aws:autoscaling:groupName,Values=" + outputs.asgName
                    + " Name=instance-state-name,Values=running --query 'Reservations[].Instances[]." + outputs.ipsType
                    + "' --output text");
        }
        if (outputs.adminPasswordSecretId != null) {
            commands.put("getPassword", "aws secretsmanager get-secret-value --region " + region + " --secret-id "
                    + outputs.adminPasswordSecretId + " --query SecretString --output text");
        }
        if (outputs.certificateSecretId != null) {
            commands.put("getCertificate", "aws secretsmanager get-secret-value --region " + region + " --secret-id "
                    + outputs.certificateSecretId + " --query SecretString --output text");
        }
        if (outputs.statusLambdaName != null) {
            commands.put("getStatus", "aws lambda invoke --region " + region + " --function-name "
                    + outputs.statusLambdaName + " --payload '{\"type\": \"progress\"}' --cli-binary-format "
                    + "raw-in-base64-out /dev/stdout");
        }
        outputs.helperCommands = commands.isEmpty() ? null : commands;
    }

    /** The optional instance groups' names and IPs; null for a group that is off. */
    private static void fillGroups(OutputsStatus outputs, ClusterContext context) {
        outputs.clientAsgName = context.find(GroupFacts.groupName(InstanceGroup.CLIENTS, true)).orElse(null);
        outputs.clientIps = GroupFacts.ips(context, InstanceGroup.CLIENTS).orElse(null);
        outputs.nfsGatewaysName = GroupFacts.groupName(context, InstanceGroup.NFS_GATEWAYS).orElse(null);
        outputs.nfsGatewayIps = GroupFacts.ips(context, InstanceGroup.NFS_GATEWAYS).orElse(null);
        outputs.smbGatewaysName = GroupFacts.groupName(context, InstanceGroup.SMB_GATEWAYS).orElse(null);
        outputs.smbGatewayIps = GroupFacts.ips(context, InstanceGroup.SMB_GATEWAYS).orElse(null);
        outputs.s3GatewaysName = GroupFacts.groupName(context, InstanceGroup.S3_GATEWAYS).orElse(null);
        outputs.s3GatewayIps = GroupFacts.ips(context, InstanceGroup.S3_GATEWAYS).orElse(null);
        outputs.dataServicesIps = GroupFacts.ips(context, InstanceGroup.DATA_SERVICES).orElse(null);
    }
}
