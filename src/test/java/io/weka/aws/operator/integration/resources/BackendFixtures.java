package io.weka.aws.operator.integration.resources;

import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.ec2.KeyPairResource;
import io.weka.aws.operator.resources.ec2.PlacementGroupResource;
import io.weka.aws.operator.resources.ec2.SecurityGroupResource;
import io.weka.aws.operator.resources.kms.EbsKmsKeyResource;
import io.weka.aws.operator.testenv.LocalAws;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * What the backend compute needs from other engineers' resources, provided the way they will: the network facts
 * from moto's default VPC (one subnet in us-east-1a), an instance profile in moto's IAM, and the deploy function's
 * ARN; then this package's own producers converged in the graph's order.
 */
final class BackendFixtures {
    static final String SPEC = """
            region: us-east-1
            weka: {version: "4.4.10", tokenSecretRef: {name: t}}
            """;
    static final String ZONE = LocalAws.REGION + "a";
    static final String INSTANCE_PROFILE = "weka-test-instance-profile";

    private BackendFixtures() {
    }

    /** VPC_ID, SUBNET_ID, AVAILABILITY_ZONE and ASSIGN_PUBLIC_IP (false: an existing subnet, as "Auto" resolves). */
    static Subnet publishNetwork(ClusterContext context) {
        Ec2Client ec2 = context.aws().ec2();
        Vpc vpc = ec2.describeVpcs(r -> r.filters(f -> f.name("is-default").values("true"))).vpcs().get(0);
        Subnet subnet = ec2.describeSubnets(r -> r.filters(f -> f.name("vpc-id").values(vpc.vpcId()),
                f -> f.name("availability-zone").values(ZONE))).subnets().get(0);
        context.publish(Facts.VPC_ID, vpc.vpcId());
        context.publish(Facts.SUBNET_ID, subnet.subnetId());
        context.publish(Facts.AVAILABILITY_ZONE, subnet.availabilityZone());
        context.publish(Facts.ASSIGN_PUBLIC_IP, false);
        return subnet;
    }

    /** The facts of the other engineers' resources, and an instance profile in IAM (created once per account). */
    static void publishOthers(ClusterContext context) {
        publishNetwork(context);
        context.publish(Facts.INSTANCE_PROFILE_ARN, instanceProfile(context.aws().iam()));
        context.publish(Facts.FUNCTION_ARNS, Map.of(context.names().cluster() + "-deploy",
                "arn:aws:lambda:us-east-1:" + LocalAws.ACCOUNT_ID + ":function:deploy"));
    }

    /** Everything the launch template needs: the others' facts, then this part's producers. */
    static void convergeProducers(ClusterContext context) {
        publishOthers(context);
        for (AwsResource producer : List.of(new SecurityGroupResource(), new PlacementGroupResource(),
                new KeyPairResource(), new EbsKmsKeyResource())) {
            if (producer.wanted(context.spec())) {
                producer.converge(context);
            }
        }
    }

    private static String instanceProfile(IamClient iam) {
        try {
            return iam.getInstanceProfile(r -> r.instanceProfileName(INSTANCE_PROFILE)).instanceProfile().arn();
        } catch (NoSuchEntityException e) {
            iam.createRole(r -> r.roleName("weka-test-backend-role").assumeRolePolicyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},\
                    "Action":"sts:AssumeRole"}]}"""));
            String arn = iam.createInstanceProfile(r -> r.instanceProfileName(INSTANCE_PROFILE)).instanceProfile().arn();
            iam.addRoleToInstanceProfile(r -> r.instanceProfileName(INSTANCE_PROFILE).roleName("weka-test-backend-role"));
            return arn;
        }
    }
}
