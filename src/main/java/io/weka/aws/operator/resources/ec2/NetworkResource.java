package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.api.v1alpha1.spec.NetworkSpec;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.InvalidReferenceException;
import io.weka.aws.operator.resources.Removal;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * The cluster's subnet and what follows from it: its VPC and availability zone (the module has no VPC variable:
 * the VPC is derived from the subnet), and whether instances get public IPs.
 */
public final class NetworkResource implements AwsResource {
    @Override
    public String kind() {
        return "Network";
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(Facts.VPC_ID, Facts.SUBNET_ID, Facts.ADDITIONAL_SUBNET_ID, Facts.AVAILABILITY_ZONE,
                Facts.ASSIGN_PUBLIC_IP);
    }

    /**
     * Auto means what the module intended: public IPs on a public network the operator created; never on an
     * existing subnet, and not on private subnets, where they could not be reached anyway.
     */
    static boolean assignPublicIp(NetworkSpec network) {
        return switch (network.assignPublicIp) {
            case Enabled -> true;
            case Disabled -> false;
            case Auto -> network.subnetId == null && (network.create == null
                    || !(Boolean.TRUE.equals(network.create.privateSubnet) || Boolean.TRUE.equals(network.create.natGateway)));
        };
    }

    @Override
    public void converge(ClusterContext context) {
        NetworkSpec network = context.spec().network;
        context.publish(Facts.ASSIGN_PUBLIC_IP, assignPublicIp(network));
        if (network.subnetId == null) {
            CreatedNetwork.Layout created = new CreatedNetwork(context).converge();
            context.publish(Facts.VPC_ID, created.vpcId());
            context.publish(Facts.SUBNET_ID, created.subnetId());
            context.publish(Facts.AVAILABILITY_ZONE, created.availabilityZone());
            if (created.additionalSubnetId() != null) {
                context.publish(Facts.ADDITIONAL_SUBNET_ID, created.additionalSubnetId());
            }
            return;
        }
        Subnet subnet = describe(context, network.subnetId);
        context.publish(Facts.SUBNET_ID, subnet.subnetId());
        context.publish(Facts.VPC_ID, subnet.vpcId());
        context.publish(Facts.AVAILABILITY_ZONE, subnet.availabilityZone());
    }

    /** Only a network the operator created is removed; an existing subnet and its VPC stay as they are. */
    @Override
    public Removal delete(ClusterContext context) {
        return new CreatedNetworkRemoval(context).delete();
    }

    private static Subnet describe(ClusterContext context, String subnetId) {
        try {
            return context.aws().ec2().describeSubnets(r -> r.subnetIds(subnetId)).subnets().stream().findFirst()
                    .orElseThrow(() -> notFound(context, subnetId));
        } catch (Ec2Exception e) {
            if ("InvalidSubnetID.NotFound".equals(e.awsErrorDetails().errorCode())) {
                throw notFound(context, subnetId);
            }
            throw e;
        }
    }

    private static InvalidReferenceException notFound(ClusterContext context, String subnetId) {
        return new InvalidReferenceException("network.subnetId " + subnetId + " does not exist in "
                + context.spec().region);
    }
}
