package io.weka.aws.operator.integration.resources;

import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.ConvergenceGraph;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.acm.CertificateResource;
import io.weka.aws.operator.resources.elb.ListenersResource;
import io.weka.aws.operator.resources.elb.LoadBalancerResource;
import io.weka.aws.operator.resources.elb.TargetGroupResource;
import io.weka.aws.operator.resources.route53.AliasRecordResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Vpc;

/**
 * The load balancer's resources as the stack runs them (one graph, in dependency order), on moto's default VPC:
 * the cluster in its us-east-1a subnet, the second load-balancer subnet in us-east-1b, the default security group.
 */
final class LoadBalancerFixture {
    final String clusterSubnet;
    final String additionalSubnet;
    final String vpcId;
    final String securityGroup;

    LoadBalancerFixture(Ec2Client ec2) {
        Vpc vpc = ec2.describeVpcs(r -> r.filters(f -> f.name("is-default").values("true"))).vpcs().get(0);
        vpcId = vpc.vpcId();
        clusterSubnet = subnet(ec2, "a").subnetId();
        additionalSubnet = subnet(ec2, "b").subnetId();
        securityGroup = ec2.describeSecurityGroups(r -> r.filters(f -> f.name("vpc-id").values(vpcId),
                f -> f.name("group-name").values("default"))).securityGroups().get(0).groupId();
    }

    /** The spec of a cluster in the default VPC with the load balancer on, plus {@code more} under spec. */
    String spec(String more) {
        return """
                region: us-east-1
                weka: {version: "4.4.10", tokenSecretRef: {name: t}}
                network: {subnetId: %s}
                loadBalancer: {additionalSubnetId: %s}
                """.formatted(clusterSubnet, additionalSubnet) + more;
    }

    static ConvergenceGraph graph() {
        return new ConvergenceGraph(List.of(new CertificateResource(), new LoadBalancerResource(),
                new TargetGroupResource(), new ListenersResource(), new AliasRecordResource()));
    }

    /** One reconcile's worth: the network facts, then the graph; failures are thrown. */
    ClusterContext converge(WekaCluster cluster, AwsClientFactory aws) {
        ClusterContext context = TestClusters.context(cluster, aws);
        context.publish(Facts.VPC_ID, vpcId);
        context.publish(Facts.SUBNET_ID, clusterSubnet);
        context.publish(Facts.SECURITY_GROUP_IDS, List.of(securityGroup));
        ConvergenceGraph.Result result = graph().converge(context, Runnable::run);
        result.failures().values().stream().findFirst().ifPresent(e -> {
            throw e;
        });
        return context;
    }

    /** The cluster as stored after an edit of its spec (the API server applies defaults and validation). */
    static WekaCluster edit(WekaCluster cluster, Consumer<WekaCluster> change) {
        return LocalKubernetes.client().resources(WekaCluster.class).inNamespace(cluster.getMetadata().getNamespace())
                .withName(cluster.getMetadata().getName()).edit(c -> {
                    change.accept(c);
                    return c;
                });
    }

    private static Subnet subnet(Ec2Client ec2, String zone) {
        return ec2.describeSubnets(r -> r.filters(f -> f.name("default-for-az").values("true"),
                f -> f.name("availability-zone").values(LocalAws.REGION + zone))).subnets().get(0);
    }
}
