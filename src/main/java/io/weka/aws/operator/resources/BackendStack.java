package io.weka.aws.operator.resources;

import io.weka.aws.operator.model.InstanceGroup;
import io.weka.aws.operator.resources.acm.CertificateResource;
import io.weka.aws.operator.resources.autoscaling.AutoScalingGroupResource;
import io.weka.aws.operator.resources.autoscaling.InstanceGroupAutoScalingGroupResource;
import io.weka.aws.operator.resources.dynamodb.StateItemResource;
import io.weka.aws.operator.resources.dynamodb.StateTableResource;
import io.weka.aws.operator.resources.ec2.ClientPlacementGroupResource;
import io.weka.aws.operator.resources.ec2.EndpointSecurityGroupResource;
import io.weka.aws.operator.resources.ec2.InstanceGroupInstancesResource;
import io.weka.aws.operator.resources.ec2.InstanceGroupLaunchTemplateResource;
import io.weka.aws.operator.resources.ec2.KeyPairResource;
import io.weka.aws.operator.resources.ec2.LaunchTemplateResource;
import io.weka.aws.operator.resources.ec2.NetworkResource;
import io.weka.aws.operator.resources.ec2.PlacementGroupResource;
import io.weka.aws.operator.resources.ec2.SecurityGroupResource;
import io.weka.aws.operator.resources.ec2.VpcEndpointResource;
import io.weka.aws.operator.resources.elb.ListenersResource;
import io.weka.aws.operator.resources.elb.LoadBalancerResource;
import io.weka.aws.operator.resources.elb.TargetGroupResource;
import io.weka.aws.operator.resources.events.ScaleDownRuleResource;
import io.weka.aws.operator.resources.iam.BackendInstanceProfileResource;
import io.weka.aws.operator.resources.iam.EventsRoleResource;
import io.weka.aws.operator.resources.iam.InstanceGroupProfileResource;
import io.weka.aws.operator.resources.iam.LambdaRoleResource;
import io.weka.aws.operator.resources.iam.StateMachineRoleResource;
import io.weka.aws.operator.resources.kms.EbsKmsKeyResource;
import io.weka.aws.operator.resources.kms.SecretsKmsKeyResource;
import io.weka.aws.operator.resources.lambda.FunctionPermissionsResource;
import io.weka.aws.operator.resources.lambda.WekaFunctionsResource;
import io.weka.aws.operator.resources.logs.LogGroupsResource;
import io.weka.aws.operator.resources.route53.AliasRecordResource;
import io.weka.aws.operator.resources.s3.TieringBucketResource;
import io.weka.aws.operator.resources.secrets.WekaSecretsResource;
import io.weka.aws.operator.resources.sfn.StateMachineResource;
import java.util.ArrayList;
import java.util.List;

/**
 * Every AWS resource of a cluster's backends, as the Terraform module creates them. The order here is only for
 * reading; the graph orders them by the facts they need and publish.
 */
public final class BackendStack {
    private BackendStack() {
    }

    public static ConvergenceGraph graph() {
        List<AwsResource> resources = new ArrayList<>(List.of(
                // network, security group and what instances are launched with
                new NetworkResource(),
                new SecurityGroupResource(),
                new PlacementGroupResource(),
                new KeyPairResource(),
                new EbsKmsKeyResource(),
                // IAM, each role skipped when the spec brings its own
                new BackendInstanceProfileResource(),
                new LambdaRoleResource(),
                new StateMachineRoleResource(),
                new EventsRoleResource(),
                // secrets and the clusterization state WEKA's functions keep
                new SecretsKmsKeyResource(),
                new WekaSecretsResource(),
                new StateTableResource(),
                new StateItemResource(),
                // the filesystem's tiering bucket, unless the spec names one
                new TieringBucketResource(),
                // WEKA's functions, the scale-down state machine and its schedule
                new LogGroupsResource(),
                new WekaFunctionsResource(),
                new StateMachineResource(),
                new ScaleDownRuleResource(),
                new FunctionPermissionsResource(),
                // the backends themselves, once the functions they call at boot exist
                new LaunchTemplateResource(),
                new AutoScalingGroupResource(),
                // the internal load balancer in front of them (the group attaches to its target group)
                new CertificateResource(),
                new LoadBalancerResource(),
                new TargetGroupResource(),
                new ListenersResource(),
                new AliasRecordResource(),
                // VPC endpoints, each on its own flag
                EndpointSecurityGroupResource.services(),
                EndpointSecurityGroupResource.proxy()));
        resources.addAll(VpcEndpointResource.all());
        resources.addAll(instanceGroups());
        return new ConvergenceGraph(resources);
    }

    /**
     * Clients, protocol gateways and data services: per group a role, a template, and an ASG or plain instances;
     * and the clients' own placement group when they leave the backends'.
     */
    public static List<AwsResource> instanceGroups() {
        List<AwsResource> resources = new ArrayList<>(List.of(new ClientPlacementGroupResource()));
        for (InstanceGroup group : InstanceGroup.values()) {
            resources.addAll(List.of(new InstanceGroupProfileResource(group),
                    new InstanceGroupLaunchTemplateResource(group), new InstanceGroupAutoScalingGroupResource(group),
                    new InstanceGroupInstancesResource(group)));
        }
        return resources;
    }
}
