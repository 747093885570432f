package io.weka.aws.operator.model;

import static io.weka.aws.operator.model.IamPolicies.NODES;
import static io.weka.aws.operator.model.IamPolicies.document;
import static io.weka.aws.operator.model.IamPolicies.list;
import static io.weka.aws.operator.model.IamPolicies.statement;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The policies of an optional instance group's role, as modules/clients/iam.tf, modules/protocol_gateways/iam.tf and
 * modules/data_services/iam.tf write them: name suffix (after {@code <iam>-<cluster>-<base>-}) to document.
 */
public record InstanceGroupPolicies(InstanceGroup group, ClusterNames names) {

    public Map<String, ObjectNode> documents() {
        Map<String, ObjectNode> policies = new LinkedHashMap<>();
        policies.put("ec2-policy", ec2Policy());
        policies.put("send-log-to-cloud-watch-policy", document(statement(list("logs:CreateLogGroup",
                "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:PutRetentionPolicy"),
                list("arn:aws:logs:*:*:log-group:" + group.logGroup(names) + "*"))));
        policies.put("autoscaling-policy", document(statement(list("autoscaling:DescribeAutoScalingGroups"),
                list("*"))));
        if (!group.invokedFunctions().isEmpty()) {
            policies.put("invoke-lambda-function", document(statement(list("lambda:InvokeFunction"),
                    list(group.invokedFunctions().stream().map(f -> "arn:aws:lambda:*:*:function:"
                            + names.function(f) + "*").toArray(String[]::new)))));
        }
        return policies;
    }

    /** ENI operations for all; clients describe instance types, the others read tags, add IPs and read secrets. */
    private ObjectNode ec2Policy() {
        String[] eni = {"ec2:DescribeNetworkInterfaces", "ec2:AttachNetworkInterface", "ec2:CreateNetworkInterface",
                "ec2:ModifyNetworkInterfaceAttribute", "ec2:DeleteNetworkInterface", "ec2:DescribeInstances"};
        ArrayNode actions = list(eni);
        switch (group) {
            case CLIENTS -> actions.add("ec2:DescribeInstanceTypes").add("ec2:CreateTags");
            case DATA_SERVICES -> actions.add("ec2:DescribeTags").add("ec2:AssignPrivateIpAddresses");
            default -> actions.add("ec2:DescribeTags").add("ec2:AssignPrivateIpAddresses").add("ec2:CreateTags");
        }
        ObjectNode ec2 = statement(actions, NODES.textNode("*"));
        if (group == InstanceGroup.CLIENTS) {
            return document(ec2);
        }
        return document(NODES.arrayNode().add(ec2).add(statement(list("secretsmanager:GetSecretValue"),
                list("arn:aws:secretsmanager:*:*:secret:" + names.secretPrefix() + "*"))));
    }
}
