package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ConvergenceGraph;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.autoscaling.AutoScalingGroupResource;
import io.weka.aws.operator.resources.ec2.KeyPairResource;
import io.weka.aws.operator.resources.ec2.LaunchTemplateResource;
import io.weka.aws.operator.resources.ec2.PlacementGroupResource;
import io.weka.aws.operator.resources.ec2.SecurityGroupResource;
import io.weka.aws.operator.resources.kms.EbsKmsKeyResource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backend compute's resources wire into one graph by their facts, in the module's order. */
class BackendComputeGraphTest {
    @Test
    void theLaunchTemplateComesAfterItsProducersAndTheGroupAfterIt() {
        List<String> order = new ConvergenceGraph(List.of(new AutoScalingGroupResource(), new LaunchTemplateResource(),
                new EbsKmsKeyResource(), new KeyPairResource(), new PlacementGroupResource(),
                new SecurityGroupResource())).order().stream().map(AwsResource::kind).toList();

        assertThat(order).hasSize(6);
        for (String producer : List.of("SecurityGroup", "PlacementGroup", "KeyPair", "KmsKey")) {
            assertThat(order.indexOf(producer)).as(producer).isLessThan(order.indexOf("LaunchTemplate"));
        }
        assertThat(order.indexOf("LaunchTemplate")).isLessThan(order.indexOf("AutoScalingGroup"));
    }

    @Test
    void eachPublishesTheFactsOthersNeed() {
        assertThat(new SecurityGroupResource().publishes()).containsExactly(Facts.SECURITY_GROUP_IDS);
        assertThat(new KeyPairResource().publishes()).containsExactly(Facts.KEY_PAIR_NAME);
        assertThat(new EbsKmsKeyResource().publishes()).containsExactly(Facts.EBS_KMS_KEY_ARN);
        assertThat(new LaunchTemplateResource().publishes()).containsExactly(Facts.LAUNCH_TEMPLATE_ID);
        assertThat(new AutoScalingGroupResource().publishes()).containsExactly(Facts.AUTO_SCALING_GROUP_NAME);
        assertThat(new LaunchTemplateResource().needs()).contains(Facts.SECURITY_GROUP_IDS, Facts.KEY_PAIR_NAME,
                Facts.EBS_KMS_KEY_ARN, Facts.PLACEMENT_GROUP_NAME, Facts.INSTANCE_PROFILE_ARN, Facts.SUBNET_ID);
        assertThat(new AutoScalingGroupResource().needs()).contains(Facts.LAUNCH_TEMPLATE_ID, Facts.FUNCTION_ARNS,
                Facts.TARGET_GROUP_ARN);
    }
}
