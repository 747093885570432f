package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClientTokens;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ModifyVpcEndpointRequest;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroupIdentifier;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;

/**
 * One VPC endpoint of modules/endpoint (or the Secrets Manager one of prerequisites.tf), tagged
 * {@code <prefix>-<service>-endpoint}. Each is wanted on its own flag. An interface endpoint sits in the cluster
 * subnet with private DNS; a gateway endpoint routes the cluster subnet's route table. Where another endpoint of
 * the same service already serves the VPC (private DNS names, or the route table) none is created: AWS refuses a
 * second private DNS name, and a second cluster in a shared VPC is served by the first one's.
 */
public final class VpcEndpointResource implements AwsResource {
    /** States of an endpoint that no longer serves: converge looks past them, deletion waits for "deleting". */
    private static final Set<String> LEAVING = Set.of("deleted", "deleting", "failed", "rejected", "expired");

    private final VpcEndpointKind endpoint;

    public VpcEndpointResource(VpcEndpointKind endpoint) {
        this.endpoint = endpoint;
    }

    /** One resource per kind, in the module's order. */
    public static List<VpcEndpointResource> all() {
        return Arrays.stream(VpcEndpointKind.values()).map(VpcEndpointResource::new).toList();
    }

    @Override
    public String kind() {
        return endpoint.kind();
    }

    @Override
    public Set<Fact<?>> needs() {
        Set<Fact<?>> needs = new HashSet<>(Set.of(Facts.VPC_ID, Facts.SUBNET_ID));
        endpoint.securityGroups().ifPresent(needs::add);
        return needs;
    }

    @Override
    public boolean wanted(WekaClusterSpec spec) {
        return endpoint.wanted(spec);
    }

    record Desired(String name, String vpcId, String serviceName, boolean gateway, List<String> subnetIds,
            List<String> securityGroupIds, List<String> routeTableIds, Map<String, String> tags) {
    }

    static Desired desired(ClusterContext context, VpcEndpointKind endpoint) {
        String name = context.names().vpcEndpoint(endpoint.nameService());
        String vpcId = context.require(Facts.VPC_ID);
        String subnetId = context.require(Facts.SUBNET_ID);
        boolean gateway = endpoint.gateway();
        return new Desired(name, vpcId, endpoint.serviceName(context.spec().region), gateway,
                gateway ? List.of() : List.of(subnetId), gateway ? List.of() : endpoint.securityGroupIds(context),
                gateway ? List.of(routeTable(context.aws().ec2(), vpcId, subnetId)) : List.of(),
                context.tags().with(Map.of("Name", name, "Environment", context.names().prefix())));
    }

    /** The differences that can be set right on an existing endpoint, in words. */
    static List<String> differences(VpcEndpoint actual, Desired desired) {
        List<String> differing = new ArrayList<>();
        if (desired.gateway()) {
            if (!actual.routeTableIds().containsAll(desired.routeTableIds())) {
                differing.add("route tables " + actual.routeTableIds() + " → + " + desired.routeTableIds());
            }
            return differing;
        }
        List<String> groups = actual.groups().stream().map(SecurityGroupIdentifier::groupId).toList();
        if (!Set.copyOf(groups).equals(Set.copyOf(desired.securityGroupIds()))) {
            differing.add("security groups " + groups + " → " + desired.securityGroupIds());
        }
        if (!Set.copyOf(actual.subnetIds()).equals(Set.copyOf(desired.subnetIds()))) {
            differing.add("subnets " + actual.subnetIds() + " → " + desired.subnetIds());
        }
        if (!Boolean.TRUE.equals(actual.privateDnsEnabled())) {
            differing.add("private DNS off → on");
        }
        return differing;
    }

    @Override
    public void converge(ClusterContext context) {
        Ec2Client ec2 = context.aws().ec2();
        Desired desired = desired(context, endpoint);
        Optional<VpcEndpoint> actual = ours(context, desired.name(), LEAVING).stream().findFirst();
        if (actual.isEmpty()) {
            Optional<VpcEndpoint> serving = servingAlready(ec2, desired);
            if (serving.isPresent()) {
                context.owns(kind(), desired.name() + " (served by " + serving.get().vpcEndpointId() + ")", null);
                return;
            }
            // A deleted endpoint stays visible for a while; one replacing it is a new intent with a new token.
            String predecessors = Integer.toString(ours(context, desired.name(), Set.of()).size());
            String id = ec2.createVpcEndpoint(r -> r.vpcId(desired.vpcId()).serviceName(desired.serviceName())
                    .vpcEndpointType(desired.gateway() ? "Gateway" : "Interface")
                    .subnetIds(desired.gateway() ? null : desired.subnetIds())
                    .securityGroupIds(desired.gateway() ? null : desired.securityGroupIds())
                    .privateDnsEnabled(desired.gateway() ? null : true)
                    .routeTableIds(desired.gateway() ? desired.routeTableIds() : null)
                    .clientToken(ClientTokens.of(context, "vpc-endpoint", desired.name(), predecessors))
                    .tagSpecifications(Ec2Tags.spec(ResourceType.VPC_ENDPOINT, desired.tags())))
                    .vpcEndpoint().vpcEndpointId();
            context.created(kind(), desired.name());
            context.owns(kind(), desired.name(), id);
            return;
        }
        VpcEndpoint found = actual.get();
        List<String> differing = differences(found, desired);
        if (!differing.isEmpty()) {
            ec2.modifyVpcEndpoint(correction(found, desired));
            context.updated(kind(), desired.name(), String.join("; ", differing));
        }
        Ec2Tags.converge(context, found.vpcEndpointId(), Ec2Tags.map(found.tags()), desired.tags(), kind(),
                desired.name());
        context.owns(kind(), desired.name(), found.vpcEndpointId());
    }

    private static ModifyVpcEndpointRequest correction(VpcEndpoint actual, Desired desired) {
        ModifyVpcEndpointRequest.Builder modify = ModifyVpcEndpointRequest.builder().vpcEndpointId(actual.vpcEndpointId());
        if (desired.gateway()) {
            return modify.addRouteTableIds(desired.routeTableIds().stream()
                    .filter(t -> !actual.routeTableIds().contains(t)).toList()).build();
        }
        List<String> groups = actual.groups().stream().map(SecurityGroupIdentifier::groupId).toList();
        return modify
                .addSecurityGroupIds(desired.securityGroupIds().stream().filter(g -> !groups.contains(g)).toList())
                .removeSecurityGroupIds(groups.stream().filter(g -> !desired.securityGroupIds().contains(g)).toList())
                .addSubnetIds(desired.subnetIds().stream().filter(s -> !actual.subnetIds().contains(s)).toList())
                .removeSubnetIds(actual.subnetIds().stream().filter(s -> !desired.subnetIds().contains(s)).toList())
                .privateDnsEnabled(true).build();
    }

    /** Another endpoint of the service that already serves the cluster subnet (its DNS names or its route table). */
    private static Optional<VpcEndpoint> servingAlready(Ec2Client ec2, Desired desired) {
        return ec2.describeVpcEndpoints(r -> r.filters(filter("vpc-id", desired.vpcId()),
                filter("service-name", desired.serviceName()))).vpcEndpoints().stream()
                .filter(e -> !LEAVING.contains(e.stateAsString().toLowerCase(Locale.ROOT)))
                .filter(e -> desired.gateway() ? e.routeTableIds().containsAll(desired.routeTableIds())
                        : Boolean.TRUE.equals(e.privateDnsEnabled()))
                .findFirst();
    }

    @Override
    public Removal delete(ClusterContext context) {
        String name = context.names().vpcEndpoint(endpoint.nameService());
        List<VpcEndpoint> found = ours(context, name, Set.of("deleted"));
        List<String> standing = found.stream().filter(e -> !"deleting".equalsIgnoreCase(e.stateAsString()))
                .map(VpcEndpoint::vpcEndpointId).toList();
        if (!standing.isEmpty()) {
            context.aws().ec2().deleteVpcEndpoints(r -> r.vpcEndpointIds(standing));
            context.deleted(kind(), name);
        }
        return found.isEmpty() || ours(context, name, Set.of("deleted")).isEmpty() ? Removal.GONE : Removal.IN_PROGRESS;
    }

    /** This cluster's endpoints with that Name tag, but for those in the given states. */
    private static List<VpcEndpoint> ours(ClusterContext context, String name, Set<String> skipped) {
        return context.aws().ec2().describeVpcEndpoints(r -> r.filters(
                filter("tag:" + ClusterTags.CLUSTER_UID, context.cluster().getMetadata().getUid()),
                filter("tag:Name", name))).vpcEndpoints().stream()
                .filter(e -> !skipped.contains(e.stateAsString().toLowerCase(Locale.ROOT))).toList();
    }

    /** The table the subnet is explicitly associated with, else the VPC's main table (as the module's lookup). */
    static String routeTable(Ec2Client ec2, String vpcId, String subnetId) {
        return ec2.describeRouteTables(r -> r.filters(filter("association.subnet-id", subnetId))).routeTables().stream()
                .findFirst().or(() -> ec2.describeRouteTables(r -> r.filters(filter("vpc-id", vpcId),
                        filter("association.main", "true"))).routeTables().stream().findFirst())
                .orElseThrow(() -> new IllegalStateException("VPC " + vpcId + " has no main route table"))
                .routeTableId();
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }
}
