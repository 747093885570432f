package io.weka.aws.operator.model;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What the preflight checks, taken from the spec: the instances of every group with their subnets, the cluster's
 * network (an existing subnet, or the zone of the one to create), the load balancer's subnets and the functions'
 * code. Its {@link #digest()} tells whether a spec change touches any of it.
 *
 * @param subnetId network.subnetId; null when the operator creates the network
 * @param createdZone network.create.availabilityZone; null for the region's first zone
 * @param roleArn credentials.roleArn: another account has other quotas
 */
public record PreflightPlan(String region, String roleArn, List<InstanceDemand> instances, String subnetId,
        String createdZone, LoadBalancer loadBalancer, FunctionCode code) {

    /** The load balancer's subnets when it is enabled; each null field means what the operator derives. */
    public record LoadBalancer(String subnetId, String additionalSubnetId, String additionalZone) {
    }

    public static PreflightPlan of(WekaClusterSpec spec) {
        List<InstanceDemand> instances = new ArrayList<>();
        instances.add(new InstanceDemand("backends", spec.backends.instanceType, spec.backends.count, null));
        for (InstanceGroup group : InstanceGroup.values()) {
            group.spec(spec).ifPresent(settings -> instances.add(new InstanceDemand(group.specPath(),
                    group.instanceType(spec), group.count(spec), settings.subnetId)));
        }
        LoadBalancer balancer = spec.loadBalancer.enabled ? new LoadBalancer(spec.loadBalancer.subnetId,
                spec.loadBalancer.additionalSubnetId, spec.loadBalancer.additionalSubnetAvailabilityZone) : null;
        return new PreflightPlan(spec.region, spec.credentials == null ? null : spec.credentials.roleArn,
                List.copyOf(instances), spec.network.subnetId,
                Optional.ofNullable(spec.network.create).map(c -> c.availabilityZone).orElse(null), balancer,
                FunctionCode.of(spec));
    }

    /** Short and stable: equal plans, equal digests; kept in status to know whether the preflight must run again. */
    public String digest() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
