package io.weka.aws.operator.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.status.Phase;
import io.weka.aws.operator.api.v1alpha1.status.ResourceStatus;
import io.weka.aws.operator.testenv.LocalAws;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * AWS accepts an Auto Scaling group's capacity and then refuses the launches (realism catalogue rows 21, 22, 24):
 * no i3en capacity in the zone for the backends, a vCPU quota reached for the NFS gateways. The cluster says so with
 * AWS's code and words, turns Degraded with Warning events, and recovers once the capacity is back.
 */
class CapacityRefusedTest extends SimulatedClusterScenario {
    private static final String BACKEND_TYPE = "i3en.6xlarge";
    private static final String GATEWAY_TYPE = "c5n.2xlarge";

    CapacityRefusedTest() {
        super("capacity");
    }

    @AfterEach
    void capacityBack() {
        LocalAws.restoreCapacity(LocalAws.REGION, BACKEND_TYPE);
        LocalAws.restoreCapacity(LocalAws.REGION, GATEWAY_TYPE);
    }

    @Test
    void refusedLaunchesAreToldWithAwssReasonAndClearOnceTheCapacityIsBack() {
        LocalAws.refuseCapacity(LocalAws.REGION, BACKEND_TYPE, "InsufficientInstanceCapacity");
        LocalAws.refuseCapacity(LocalAws.REGION, GATEWAY_TYPE, "VcpuLimitExceeded");
        Resource<WekaCluster> cluster = cluster("ice", """
                backends: {instanceType: %s}
                protocolGateways:
                  nfs: {count: 2, instanceType: %s}
                """.formatted(BACKEND_TYPE, GATEWAY_TYPE));
        String backends = "weka-ice-autoscaling-group";
        String gateways = "weka-ice-nfs-protocol-gateway";

        awaitStatus(cluster, "Degraded with AWS's reasons", s -> {
            assertThat(s.phase).isEqualTo(Phase.Degraded);
            assertThat(condition(s, "BackendsLaunching")).satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("InsufficientInstanceCapacity");
                assertThat(c.getMessage()).startsWith("Auto Scaling group " + backends + " cannot launch instances: "
                        + "We currently do not have sufficient i3en.6xlarge capacity in the Availability Zone you "
                        + "requested (us-east-1").endsWith(". Launching EC2 instance failed.");
            });
            assertThat(condition(s, "InstanceGroupsLaunching")).satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("VcpuLimitExceeded");
                assertThat(c.getMessage()).isEqualTo("Auto Scaling group " + gateways + " cannot launch instances: "
                        + "You have requested more vCPU capacity than your current vCPU limit of 32 allows for the "
                        + "instance bucket that the specified instance type belongs to. Please visit "
                        + "http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit. "
                        + "Launching EC2 instance failed.");
            });
            assertThat(s.backends.summary).isEqualTo("0/6");
            assertThat(group(s.resources, backends).state).isEqualTo("Degraded");
            assertThat(group(s.resources, gateways).message).isEqualTo(condition(s, "InstanceGroupsLaunching")
                    .getMessage());
        });
        int before = operator.reconciles(namespace, "ice");
        await("three more passes").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> operator.reconciles(namespace, "ice") >= before + 3);
        assertThat(warnings("LaunchFailed")).as("one per group, not one per pass").hasSize(2)
                .anySatisfy(e -> assertThat(e.getMessage()).startsWith("InsufficientInstanceCapacity: Auto Scaling "
                        + "group " + backends + " cannot launch instances: We currently do not have sufficient"))
                .anySatisfy(e -> assertThat(e.getMessage()).startsWith("VcpuLimitExceeded: Auto Scaling group "
                        + gateways + " cannot launch instances: You have requested more vCPU capacity"));
        assertThat(warnings("Degraded")).singleElement().satisfies(e -> assertThat(e.getMessage())
                .startsWith("the cluster is Degraded: InsufficientInstanceCapacity: Auto Scaling group " + backends));

        LocalAws.restoreCapacity(LocalAws.REGION, BACKEND_TYPE);
        LocalAws.restoreCapacity(LocalAws.REGION, GATEWAY_TYPE);
        awaitStatus(cluster, "launched, the conditions cleared", s -> {
            assertThat(s.backends.running).isEqualTo(6);
            assertThat(condition(s, "BackendsLaunching").getStatus()).isEqualTo("True");
            assertThat(condition(s, "BackendsLaunching").getReason()).isEqualTo("InstancesLaunched");
            assertThat(condition(s, "InstanceGroupsLaunching").getStatus()).isEqualTo("True");
            assertThat(s.outputs.nfsGatewayIps).hasSize(2);
            assertThat(s.resources).extracting(r -> r.state).containsOnly("Ready");
            assertThat(s.phase).isEqualTo(Phase.Clusterizing);
        });
    }

    private static ResourceStatus group(List<ResourceStatus> resources, String name) {
        return resources.stream().filter(r -> r.kind.endsWith("AutoScalingGroup") && r.name.equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Auto Scaling group " + name + " in status.resources"));
    }

    private List<Event> warnings(String reason) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> "ice".equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())
                        && "Warning".equals(e.getType()))
                .toList();
    }
}
