package io.weka.aws.operator.reconciler;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.aws.AwsErrors;
import io.weka.aws.operator.aws.AwsSession;
import io.weka.aws.operator.model.InstanceDemand;
import io.weka.aws.operator.model.PreflightPlan;
import io.weka.aws.operator.model.VcpuNeeds;
import io.weka.aws.operator.model.VcpuQuota;
import io.weka.aws.operator.resources.ec2.NetworkZones;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.InstanceTypeOffering;
import software.amazon.awssdk.services.ec2.model.LocationType;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What the tutorial asks people to check by hand before their first apply, read from AWS before anything is
 * created: the On-Demand vCPU quota of every instance family the spec asks for (this cluster's instances only; what
 * else runs in the account is not subtracted), each instance type offered in its subnet's zone, the load balancer's
 * second subnet in another zone, and the functions' code readable. It only reads. A check AWS does not answer
 * (no permission to read quotas, a quota the region does not have) is named in the message as not checked rather
 * than failed: the call it stands in for would meet the same limit, later, and say so.
 */
final class Preflight {
    /** Passed, or why not, with the numbers. */
    record Result(boolean passed, String reason, String message) {
    }

    private record Finding(String reason, String message) {
    }

    private final AwsSession aws;
    private final WekaClusterSpec spec;
    private final PreflightPlan plan;
    private final List<Finding> findings = new ArrayList<>();
    private final List<String> checked = new ArrayList<>();
    private final List<String> unchecked = new ArrayList<>();
    private final Map<String, Optional<String>> subnetZones = new HashMap<>();
    private List<String> availableZones;

    private Preflight(AwsSession aws, WekaClusterSpec spec, PreflightPlan plan) {
        this.aws = aws;
        this.spec = spec;
        this.plan = plan;
    }

    static Result run(AwsSession aws, WekaClusterSpec spec, PreflightPlan plan) {
        return new Preflight(aws, spec, plan).check();
    }

    private Result check() {
        Optional<String> clusterZone = clusterZone();
        vcpuQuotas();
        offerings(clusterZone);
        loadBalancerZones(clusterZone);
        functionCode();
        String notChecked = unchecked.isEmpty() ? "" : "; not checked: " + String.join("; ", unchecked);
        if (findings.isEmpty()) {
            return new Result(true, Reason.PREFLIGHT_PASSED, String.join("; ", checked) + notChecked);
        }
        Set<String> reasons = findings.stream().map(Finding::reason).collect(Collectors.toSet());
        return new Result(false, reasons.size() == 1 ? reasons.iterator().next() : Reason.PREFLIGHT_FAILED,
                findings.stream().map(Finding::message).collect(Collectors.joining("; ")) + notChecked);
    }

    /** The zone of network.subnetId, or of the subnet the operator will create. */
    private Optional<String> clusterZone() {
        if (plan.subnetId() != null) {
            return subnetZone("network.subnetId", plan.subnetId());
        }
        if (plan.createdZone() != null && !availableZones().contains(plan.createdZone())) {
            findings.add(new Finding(Reason.INVALID_REFERENCE, "network.create.availabilityZone " + plan.createdZone()
                    + " is not an available zone of " + plan.region() + " (" + String.join(", ", availableZones())
                    + ")"));
            return Optional.empty();
        }
        return createdZones().stream().findFirst();
    }

    private void vcpuQuotas() {
        Optional<Map<String, Integer>> vcpus = vcpusPerType();
        if (vcpus.isEmpty()) {
            return;
        }
        for (VcpuNeeds.Need need : VcpuNeeds.of(plan.instances(), vcpus.get())) {
            read("vCPU quota " + need.quota().code(), () -> aws.serviceQuotas()
                    .getServiceQuota(r -> r.serviceCode("ec2").quotaCode(need.quota().code())).quota().value())
                    .ifPresent(quota -> {
                        if (need.fitsIn(quota)) {
                            checked.add(need.fit(quota));
                        } else {
                            findings.add(new Finding(Reason.VCPU_QUOTA_EXCEEDED, need.refusal(quota)));
                        }
                    });
        }
        plan.instances().stream().map(InstanceDemand::instanceType).filter(t -> VcpuQuota.of(t).isEmpty()).distinct()
                .forEach(t -> unchecked.add(t + " counts against no On-Demand vCPU quota"));
    }

    private Optional<Map<String, Integer>> vcpusPerType() {
        List<String> types = plan.instances().stream().map(InstanceDemand::instanceType).distinct().toList();
        return orFinding("instance types", () -> read("vCPU quotas", () -> aws.ec2()
                .describeInstanceTypes(r -> r.instanceTypesWithStrings(types)).instanceTypes().stream()
                .collect(Collectors.toMap(InstanceTypeInfo::instanceTypeAsString, t -> t.vCpuInfo().defaultVCpus(),
                        (a, b) -> a))));
    }

    /** Each group's instance type must be offered in its subnet's zone; one call per zone. */
    private void offerings(Optional<String> clusterZone) {
        Map<String, List<InstanceDemand>> byZone = new LinkedHashMap<>();
        for (InstanceDemand demand : plan.instances()) {
            Optional<String> zone = demand.subnetId() == null ? clusterZone
                    : subnetZone(demand.specPath() + ".subnetId", demand.subnetId());
            zone.ifPresent(z -> byZone.computeIfAbsent(z, k -> new ArrayList<>()).add(demand));
        }
        byZone.forEach((zone, demands) -> {
            Set<String> types = demands.stream().map(InstanceDemand::instanceType)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            read("instance types offered in " + zone, () -> offered(zone, types)).ifPresent(offered -> {
                for (InstanceDemand demand : demands) {
                    if (!offered.contains(demand.instanceType())) {
                        findings.add(new Finding(Reason.INSTANCE_TYPE_NOT_OFFERED, demand.specPath() + ".instanceType "
                                + demand.instanceType() + " is not offered in " + zone + ", the zone of its subnet"
                                + offeredElsewhere(demand.instanceType())));
                    }
                }
                if (offered.containsAll(types)) {
                    checked.add(String.join(", ", types) + " offered in " + zone);
                }
            });
        });
    }

    private Set<String> offered(String zone, Set<String> types) {
        return aws.ec2().describeInstanceTypeOfferings(r -> r.locationType(LocationType.AVAILABILITY_ZONE)
                .filters(f -> f.name("location").values(zone), f -> f.name("instance-type").values(types)))
                .instanceTypeOfferings().stream().map(InstanceTypeOffering::instanceTypeAsString)
                .collect(Collectors.toSet());
    }

    private String offeredElsewhere(String type) {
        List<String> zones = aws.ec2().describeInstanceTypeOfferings(r -> r.locationType(LocationType.AVAILABILITY_ZONE)
                .filters(f -> f.name("instance-type").values(type))).instanceTypeOfferings().stream()
                .map(InstanceTypeOffering::location).sorted().toList();
        return zones.isEmpty() ? " (nor in any other zone of " + plan.region() + ")"
                : " (it is in " + String.join(", ", zones) + ")";
    }

    /** An application load balancer needs subnets in two zones. */
    private void loadBalancerZones(Optional<String> clusterZone) {
        PreflightPlan.LoadBalancer balancer = plan.loadBalancer();
        if (balancer == null) {
            return;
        }
        Optional<String> first = balancer.subnetId() != null ? subnetZone("loadBalancer.subnetId", balancer.subnetId())
                : clusterZone;
        Optional<String> second = balancer.additionalSubnetId() != null
                ? subnetZone("loadBalancer.additionalSubnetId", balancer.additionalSubnetId())
                : createdSecondZone();
        if (first.isEmpty() || second.isEmpty()) {
            return;
        }
        if (first.get().equals(second.get())) {
            findings.add(new Finding(Reason.LOAD_BALANCER_ONE_ZONE, "the load balancer's two subnets would both be in "
                    + first.get() + "; an application load balancer needs a second zone: "
                    + (balancer.additionalSubnetId() != null ? "give loadBalancer.additionalSubnetId a subnet of "
                            + "another zone" : "set loadBalancer.additionalSubnetAvailabilityZone to another zone")));
        } else {
            checked.add("load balancer in " + first.get() + " and " + second.get());
        }
    }

    /** With a created network, the load balancer's second subnet goes to the second zone of the module's list. */
    private Optional<String> createdSecondZone() {
        String asked = plan.loadBalancer().additionalZone();
        if (asked != null && !availableZones().contains(asked)) {
            findings.add(new Finding(Reason.INVALID_REFERENCE, "loadBalancer.additionalSubnetAvailabilityZone " + asked
                    + " is not an available zone of " + plan.region() + " (" + String.join(", ", availableZones())
                    + ")"));
            return Optional.empty();
        }
        List<String> zones = createdZones();
        if (zones.size() < 2) {
            findings.add(new Finding(Reason.LOAD_BALANCER_ONE_ZONE, plan.region() + " has " + zones.size()
                    + " available zone, and an application load balancer needs two"));
            return Optional.empty();
        }
        return Optional.of(zones.get(1));
    }

    /** Lambda reads the zip with the operator's credentials when it creates the functions. */
    private void functionCode() {
        String where = "the functions' code " + plan.code().uri();
        try {
            aws.s3().headObject(r -> r.bucket(plan.code().bucket()).key(plan.code().key()));
            checked.add(where + " readable");
        } catch (S3Exception e) {
            if (AwsErrors.isRetryable(e)) {
                throw e;
            }
            String why = switch (e.statusCode()) {
                case 404 -> " does not exist";
                case 403 -> " cannot be read with the operator's credentials (s3:GetObject)";
                case 301 -> " is in a bucket of another region; Lambda needs it in " + plan.region();
                default -> ": " + AwsErrors.describe(e);
            };
            findings.add(new Finding(Reason.FUNCTION_CODE_UNREADABLE, where + why
                    + " (lambdas.s3Bucket, lambdas.s3Key, lambdas.version)"));
        }
    }

    private Optional<String> subnetZone(String field, String subnetId) {
        return subnetZones.computeIfAbsent(subnetId, id -> orFinding(field + " " + id, () -> aws.ec2()
                .describeSubnets(r -> r.subnetIds(id)).subnets().stream().findFirst().map(s -> s.availabilityZone())));
    }

    /**
     * A read of something the spec names, whose refusal is itself what is wrong (InvalidReference); throttling and
     * server errors are thrown, to be retried like any other.
     */
    private <T> Optional<T> orFinding(String what, Supplier<Optional<T>> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            if (AwsErrors.isRetryable(e)) {
                throw e;
            }
            findings.add(new Finding(Reason.INVALID_REFERENCE, what + ": " + AwsErrors.describe(e)));
            return Optional.empty();
        }
    }

    private List<String> createdZones() {
        return NetworkZones.ordered(availableZones(), spec);
    }

    private List<String> availableZones() {
        if (availableZones == null) {
            availableZones = NetworkZones.available(aws.ec2());
        }
        return availableZones;
    }

    /**
     * A read that AWS may refuse (AccessDenied, a quota the region lacks): named as not checked. Throttling and server
     * errors are thrown, to be retried like any other.
     */
    private <T> Optional<T> read(String what, Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (AwsServiceException e) {
            if (AwsErrors.isRetryable(e) || !refusedToRead(e)) {
                throw e;
            }
            unchecked.add(what + " (" + AwsErrors.describe(e) + ")");
            return Optional.empty();
        }
    }

    private static boolean refusedToRead(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return e.statusCode() == 403 || "UnauthorizedOperation".equals(code) || "AccessDeniedException".equals(code)
                || "NoSuchResourceException".equals(code);
    }
}
