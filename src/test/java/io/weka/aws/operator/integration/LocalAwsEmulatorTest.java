package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.aws.AwsSession;
import io.weka.aws.operator.testenv.LocalAws;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.PlacementStrategy;

/**
 * The emulator the integration tests stand on: reached through the SDK's standard configuration, with the
 * APIs our launcher adds to moto, and emptied by a reset.
 */
class LocalAwsEmulatorTest {
    private static final SimpleMeterRegistry METRICS = new SimpleMeterRegistry();
    private static AwsClientFactory factory;
    private Ec2Client ec2;

    @BeforeAll
    static void startEmulator() {
        LocalAws.endpoint();
        factory = new AwsClientFactory(METRICS);
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    @BeforeEach
    void emptyAccount() {
        LocalAws.reset();
        ec2 = Ec2Client.builder().region(Region.of(LocalAws.REGION)).build();
    }

    @Test
    void operatorClientsFindTheEmulatorThroughTheStandardSdkSettings() {
        AwsSession session = factory.session(LocalAws.REGION, "default", factory::defaultCredentials);

        assertThat(session.accountId()).isEqualTo(LocalAws.ACCOUNT_ID);
        assertThat(METRICS.get("weka.aws.api.calls").tags("service", "Sts", "operation", "GetCallerIdentity",
                "outcome", "success").counter().count()).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void placementGroupsWorkAndAResetForgetsThem() {
        ec2.createPlacementGroup(r -> r.groupName("weka-prod-placement-group").strategy(PlacementStrategy.CLUSTER));

        assertThat(ec2.describePlacementGroups(r -> r.groupNames("weka-prod-placement-group")).placementGroups())
                .singleElement().satisfies(pg -> {
                    assertThat(pg.strategy()).isEqualTo(PlacementStrategy.CLUSTER);
                    assertThat(pg.groupId()).startsWith("pg-");
                });
        assertThatThrownBy(() -> ec2.createPlacementGroup(r -> r.groupName("weka-prod-placement-group")
                .strategy(PlacementStrategy.CLUSTER)))
                .isInstanceOfSatisfying(Ec2Exception.class, e ->
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidPlacementGroup.Duplicate"));

        LocalAws.reset();

        assertThat(ec2.describePlacementGroups().placementGroups()).isEmpty();
    }
}
