package io.weka.aws.operator.testenv;

import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.model.ClusterTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Every AWS resource in the emulator that still carries a cluster's identity tag, service by service, for the
 * "nothing leaked" assertions. What AWS itself keeps for a while after a deletion (terminated instances, deleted
 * NAT gateways, KMS keys pending deletion) is gone as far as the cluster is concerned.
 */
public final class AwsLeftovers {
    /** Calls that may bring a resource into being. */
    private static final Pattern CREATES = Pattern.compile(":(Create|Run|Import|Allocate|Request|Put)");
    /** The kind of resource {@link #of} reports for each call that creates one. */
    private static final Map<String, String> KIND_MADE_BY = Map.ofEntries(
            Map.entry("Ec2:CreateVpc", "ec2:Vpc"),
            Map.entry("Ec2:CreateSubnet", "ec2:Subnet"),
            Map.entry("Ec2:CreateInternetGateway", "ec2:InternetGateway"),
            Map.entry("Ec2:CreateRouteTable", "ec2:RouteTable"),
            Map.entry("Ec2:CreateNatGateway", "ec2:NatGateway"),
            Map.entry("Ec2:AllocateAddress", "ec2:Address"),
            Map.entry("Ec2:CreateSecurityGroup", "ec2:SecurityGroup"),
            Map.entry("Ec2:CreateKeyPair", "ec2:KeyPair"),
            Map.entry("Ec2:ImportKeyPair", "ec2:KeyPair"),
            Map.entry("Ec2:CreatePlacementGroup", "ec2:PlacementGroup"),
            Map.entry("Ec2:CreateLaunchTemplate", "ec2:LaunchTemplate"),
            Map.entry("Ec2:RunInstances", "ec2:Instance"),
            Map.entry("Ec2:CreateVpcEndpoint", "ec2:VpcEndpoint"),
            Map.entry("ElasticLoadBalancingV2:CreateLoadBalancer", "elasticloadbalancing:LoadBalancer"),
            Map.entry("ElasticLoadBalancingV2:CreateTargetGroup", "elasticloadbalancing:TargetGroup"),
            Map.entry("S3:CreateBucket", "s3:Bucket"),
            Map.entry("Acm:ImportCertificate", "acm:Certificate"),
            Map.entry("AutoScaling:CreateAutoScalingGroup", "autoscaling:Group"),
            Map.entry("Iam:CreateRole", "iam:Role"),
            Map.entry("Iam:CreatePolicy", "iam:Policy"),
            Map.entry("Iam:CreateInstanceProfile", "iam:InstanceProfile"),
            Map.entry("Kms:CreateKey", "kms:Key"),
            Map.entry("SecretsManager:CreateSecret", "secretsmanager:Secret"),
            Map.entry("DynamoDb:CreateTable", "dynamodb:Table"),
            Map.entry("CloudWatchLogs:CreateLogGroup", "logs:LogGroup"),
            Map.entry("Lambda:CreateFunction", "lambda:Function"),
            Map.entry("Sfn:CreateStateMachine", "states:StateMachine"),
            Map.entry("EventBridge:PutRule", "events:Rule"));
    /**
     * Creating calls whose result is part of a resource above and goes with it: a route of a route table, a listener
     * of a load balancer, an alias of a key, a new version, a policy or a target of a resource, an item of a table.
     */
    private static final Set<String> PART_OF_ANOTHER = Set.of("Ec2:CreateRoute", "ElasticLoadBalancingV2:CreateListener",
            "Kms:CreateAlias", "EventBridge:PutTargets", "CloudWatchLogs:PutRetentionPolicy", "DynamoDb:PutItem",
            "S3:PutBucketEncryption", "S3:PutPublicAccessBlock", "Iam:CreatePolicyVersion", "Iam:PutRolePolicy",
            "Ec2:CreateLaunchTemplateVersion", "Lambda:PublishVersion", "Kms:PutKeyPolicy",
            "SecretsManager:PutSecretValue", "SecretsManager:PutResourcePolicy", "S3:PutBucketTagging");
    private AwsLeftovers() {
    }

    /**
     * "service:kind id" of each resource tagged with the cluster's UID, and of each instance that is not terminated
     * and carries it under the key instance tags can hold.
     */
    public static List<String> of(WekaCluster cluster) {
        LocalAws.endpoint();
        return of(cluster.getMetadata().getUid());
    }

    /** For the demo, against the emulator that the standard AWS settings point at: the cluster's UID. */
    public static void main(String[] args) {
        of(args[0]).forEach(leftover -> System.out.println("  " + leftover));
    }

    private static List<String> of(String clusterUid) {
        Region region = Region.of(LocalAws.REGION);
        List<String> found = new ArrayList<>();
        try (Ec2Client ec2 = Ec2Client.builder().region(region).build()) {
            Filter ours = Filter.builder().name("tag:" + ClusterTags.CLUSTER_UID).values(clusterUid).build();
            add(found, "ec2:Vpc", ec2.describeVpcs(r -> r.filters(ours)).vpcs(), v -> v.vpcId());
            add(found, "ec2:Subnet", ec2.describeSubnets(r -> r.filters(ours)).subnets(), s -> s.subnetId());
            add(found, "ec2:InternetGateway", ec2.describeInternetGateways(r -> r.filters(ours)).internetGateways(),
                    g -> g.internetGatewayId());
            add(found, "ec2:RouteTable", ec2.describeRouteTables(r -> r.filters(ours)).routeTables(), t -> t.routeTableId());
            add(found, "ec2:NatGateway", ec2.describeNatGateways(r -> r.filter(ours)).natGateways().stream()
                    .filter(n -> n.state() != NatGatewayState.DELETED).toList(), n -> n.natGatewayId());
            add(found, "ec2:Address", ec2.describeAddresses(r -> r.filters(ours)).addresses(), a -> a.allocationId());
            add(found, "ec2:SecurityGroup", ec2.describeSecurityGroups().securityGroups().stream()
                    .filter(g -> tagged(g.tags(), clusterUid)).toList(), g -> g.groupId());
            add(found, "ec2:KeyPair", ec2.describeKeyPairs().keyPairs().stream().filter(k -> tagged(k.tags(), clusterUid))
                    .toList(), k -> k.keyName());
            add(found, "ec2:PlacementGroup", ec2.describePlacementGroups().placementGroups().stream()
                    .filter(g -> tagged(g.tags(), clusterUid)).toList(), g -> g.groupName());
            add(found, "ec2:LaunchTemplate", ec2.describeLaunchTemplates().launchTemplates().stream()
                    .filter(t -> tagged(t.tags(), clusterUid)).toList(), t -> t.launchTemplateName());
            add(found, "ec2:Instance", ec2.describeInstances().reservations().stream().flatMap(r -> r.instances().stream())
                    .filter(i -> i.state().name() != InstanceStateName.TERMINATED && i.tags().stream().anyMatch(t -> t
                            .key().equals(ClusterTags.INSTANCE_CLUSTER_UID) && t.value().equals(clusterUid)))
                    .toList(), i -> i.instanceId());
            add(found, "ec2:Volume", ec2.describeVolumes(r -> r.filters(ours)).volumes(), v -> v.volumeId());
            add(found, "ec2:VpcEndpoint", ec2.describeVpcEndpoints(r -> r.filters(ours)).vpcEndpoints().stream()
                    .filter(e -> !"deleted".equalsIgnoreCase(e.stateAsString())).toList(), e -> e.vpcEndpointId());
        }
        try (ElasticLoadBalancingV2Client elb = ElasticLoadBalancingV2Client.builder().region(region).build()) {
            Predicate<String> tagged = arn -> hasUid(elb.describeTags(r -> r.resourceArns(arn)).tagDescriptions()
                    .stream().flatMap(d -> d.tags().stream()).collect(tagMap(t -> t.key(), t -> t.value())), clusterUid);
            add(found, "elasticloadbalancing:LoadBalancer", elb.describeLoadBalancers().loadBalancers().stream()
                    .filter(b -> tagged.test(b.loadBalancerArn())).toList(), b -> b.loadBalancerName());
            add(found, "elasticloadbalancing:TargetGroup", elb.describeTargetGroups().targetGroups().stream()
                    .filter(g -> tagged.test(g.targetGroupArn())).toList(), g -> g.targetGroupName());
        }
        try (S3Client s3 = S3Client.builder().region(region).forcePathStyle(true).build()) {
            add(found, "s3:Bucket", s3.listBuckets().buckets().stream().filter(b -> {
                try {
                    return hasUid(s3.getBucketTagging(r -> r.bucket(b.name())).tagSet().stream()
                            .collect(tagMap(t -> t.key(), t -> t.value())), clusterUid);
                } catch (S3Exception untagged) {
                    return false;
                }
            }).toList(), b -> b.name());
        }
        try (AcmClient acm = AcmClient.builder().region(region).build()) {
            add(found, "acm:Certificate", acm.listCertificates().certificateSummaryList().stream()
                    .filter(c -> hasUid(acm.listTagsForCertificate(r -> r.certificateArn(c.certificateArn())).tags()
                            .stream().collect(tagMap(t -> t.key(), t -> t.value())), clusterUid)).toList(),
                    c -> c.certificateArn());
        }
        try (AutoScalingClient autoScaling = AutoScalingClient.builder().region(region).build()) {
            add(found, "autoscaling:Group", autoScaling.describeAutoScalingGroups().autoScalingGroups().stream()
                    .filter(g -> g.tags().stream().anyMatch(t -> isUid(t.key(), t.value(), clusterUid))).toList(),
                    g -> g.autoScalingGroupName());
        }
        try (IamClient iam = IamClient.builder().region(Region.AWS_GLOBAL).build()) {
            add(found, "iam:Role", iam.listRoles().roles().stream().filter(r -> hasUid(iam.listRoleTags(t -> t
                    .roleName(r.roleName())).tags().stream().collect(tagMap(t -> t.key(), t -> t.value())), clusterUid))
                    .toList(), r -> r.roleName());
            add(found, "iam:Policy", iam.listPolicies(r -> r.scope(PolicyScopeType.LOCAL)).policies().stream()
                    .filter(p -> hasUid(iam.listPolicyTags(t -> t.policyArn(p.arn())).tags().stream()
                            .collect(tagMap(t -> t.key(), t -> t.value())), clusterUid)).toList(), p -> p.policyName());
            add(found, "iam:InstanceProfile", iam.listInstanceProfiles().instanceProfiles().stream()
                    .filter(p -> hasUid(iam.getInstanceProfile(t -> t.instanceProfileName(p.instanceProfileName()))
                            .instanceProfile().tags().stream().collect(tagMap(t -> t.key(), t -> t.value())), clusterUid))
                    .toList(),
                    p -> p.instanceProfileName());
        }
        try (KmsClient kms = KmsClient.builder().region(region).build()) {
            add(found, "kms:Key", kms.listKeys().keys().stream()
                    .filter(k -> kms.describeKey(r -> r.keyId(k.keyId())).keyMetadata().keyState() != KeyState.PENDING_DELETION)
                    .filter(k -> hasUid(kms.listResourceTags(r -> r.keyId(k.keyId())).tags().stream()
                            .collect(tagMap(t -> t.tagKey(), t -> t.tagValue())), clusterUid)).toList(), k -> k.keyId());
        }
        try (SecretsManagerClient secrets = SecretsManagerClient.builder().region(region).build()) {
            add(found, "secretsmanager:Secret", secrets.listSecrets(r -> r.includePlannedDeletion(true)).secretList()
                    .stream().filter(s -> s.tags().stream().anyMatch(t -> isUid(t.key(), t.value(), clusterUid)))
                    .toList(), s -> s.name());
        }
        try (DynamoDbClient dynamoDb = DynamoDbClient.builder().region(region).build()) {
            add(found, "dynamodb:Table", dynamoDb.listTables().tableNames().stream()
                    .filter(t -> hasUid(dynamoDb.listTagsOfResource(r -> r.resourceArn(dynamoDb.describeTable(d -> d
                            .tableName(t)).table().tableArn())).tags().stream()
                            .collect(tagMap(x -> x.key(), x -> x.value())), clusterUid)).toList(), t -> t);
        }
        try (CloudWatchLogsClient logs = CloudWatchLogsClient.builder().region(region).build()) {
            add(found, "logs:LogGroup", logs.describeLogGroups().logGroups().stream()
                    .filter(g -> hasUid(logs.listTagsLogGroup(r -> r.logGroupName(g.logGroupName())).tags(), clusterUid))
                    .toList(), g -> g.logGroupName());
        }
        try (LambdaClient lambda = LambdaClient.builder().region(region).build()) {
            add(found, "lambda:Function", lambda.listFunctions().functions().stream()
                    .filter(f -> hasUid(lambda.listTags(r -> r.resource(f.functionArn())).tags(), clusterUid)).toList(),
                    f -> f.functionName());
        }
        try (SfnClient sfn = SfnClient.builder().region(region).build()) {
            add(found, "states:StateMachine", sfn.listStateMachines().stateMachines().stream()
                    .filter(m -> hasUid(sfn.listTagsForResource(r -> r.resourceArn(m.stateMachineArn())).tags().stream()
                            .collect(tagMap(t -> t.key(), t -> t.value())), clusterUid)).toList(), m -> m.name());
        }
        try (EventBridgeClient events = EventBridgeClient.builder().region(region).build()) {
            add(found, "events:Rule", events.listRules(r -> r.limit(100)).rules().stream()
                    .filter(r -> hasUid(events.listTagsForResource(t -> t.resourceARN(r.arn())).tags().stream()
                            .collect(tagMap(t -> t.key(), t -> t.value())), clusterUid)).toList(), r -> r.name());
        }
        return found;
    }

    /**
     * The kinds of resource that the given mutating calls ("Service:Operation", as {@link OperatorCrash} records them)
     * create, so that a test can check {@link #of} looks for each. A create this table does not know fails the
     * test: a new kind of resource must come with its leftovers check.
     */
    public static List<String> kindsMadeBy(List<String> calls) {
        List<String> unknown = calls.stream().filter(c -> CREATES.matcher(c).find())
                .filter(c -> !KIND_MADE_BY.containsKey(c) && !PART_OF_ANOTHER.contains(c)).distinct().sorted().toList();
        if (!unknown.isEmpty()) {
            throw new AssertionError("AwsLeftovers does not know what these calls create: " + unknown);
        }
        return calls.stream().map(KIND_MADE_BY::get).filter(Objects::nonNull).distinct().sorted().toList();
    }

    /** The services and kinds (the part before the id) of what {@link #of} found. */
    public static List<String> kinds(List<String> leftovers) {
        return leftovers.stream().map(l -> l.substring(0, l.indexOf(' '))).distinct().sorted().toList();
    }

    /** How many of each service and kind {@link #of} found, e.g. "ec2:Vpc" = 1. */
    public static Map<String, Long> countByKind(List<String> leftovers) {
        return leftovers.stream().map(l -> l.substring(0, l.indexOf(' ')))
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    private static <T> void add(List<String> found, String kind, List<T> resources, Function<T, String> id) {
        resources.forEach(r -> found.add(kind + " " + id.apply(r)));
    }

    private static boolean tagged(List<Tag> tags, String uid) {
        return tags != null && tags.stream().anyMatch(t -> isUid(t.key(), t.value(), uid));
    }

    private static boolean hasUid(Map<String, String> tags, String uid) {
        return tags != null && uid.equals(tags.get(ClusterTags.CLUSTER_UID));
    }

    private static boolean isUid(String key, String value, String uid) {
        return ClusterTags.CLUSTER_UID.equals(key) && Objects.equals(uid, value);
    }

    private static <T> java.util.stream.Collector<T, ?, Map<String, String>> tagMap(Function<T, String> key,
            Function<T, String> value) {
        return Collectors.toMap(key, value, (a, b) -> b);
    }
}
