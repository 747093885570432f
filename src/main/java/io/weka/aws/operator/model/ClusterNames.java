package io.weka.aws.operator.model;

import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.spec.CustomPrefixSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every AWS name of a cluster, exactly as the Terraform module builds it, so that WEKA's released functions find
 * what they look for. Names are deterministic: a resource is always re-found by its name.
 */
public final class ClusterNames {
    private final String prefix;
    private final String cluster;
    private final CustomPrefixSpec custom;
    private final String uid;

    public ClusterNames(WekaCluster wekaCluster) {
        this.prefix = wekaCluster.getSpec().prefix;
        this.cluster = wekaCluster.clusterName();
        this.custom = Optional.ofNullable(wekaCluster.getSpec().customPrefix).orElseGet(CustomPrefixSpec::new);
        this.uid = wekaCluster.getMetadata().getUid();
    }

    public String cluster() {
        return cluster;
    }

    public String prefix() {
        return prefix;
    }

    private String with(Function<CustomPrefixSpec, String> customPrefix, String suffix) {
        return Optional.ofNullable(customPrefix.apply(custom)).orElse(prefix) + "-" + cluster + "-" + suffix;
    }

    // EC2 and Auto Scaling
    public String autoScalingGroup() {
        return with(c -> c.ec2, "autoscaling-group");
    }

    public String backendLaunchTemplate() {
        return with(c -> c.ec2, "backend");
    }

    /** The NFS gateways' Auto Scaling group, which is also their name. */
    public String nfsAutoScalingGroup() {
        return with(c -> c.ec2, "nfs-protocol-gateway");
    }

    /** {@code <ec2 prefix>-<cluster>-<suffix>}: the base name of an optional instance group, e.g. "client". */
    public String ec2(String suffix) {
        return with(c -> c.ec2, suffix);
    }

    public String placementGroup() {
        return with(c -> c.ec2, "placement-group");
    }

    public String keyPair() {
        return with(c -> c.ec2, "ssh-key");
    }

    /** The ASG tag the module propagates to every backend: key {@code <ec2 prefix>-<cluster>-asg}, value the cluster. */
    public String asgTagKey() {
        return with(c -> c.ec2, "asg");
    }

    /** Name tag of what the backend launch template launches: instance, network-interface or volume. */
    public String backendNameTag(String resourceType) {
        return with(c -> c.ec2, resourceType + "-backend");
    }

    public String backendLogGroup() {
        return "/wekaio/" + with(c -> c.ec2, "").replaceAll("-$", "");
    }

    public String securityGroup() {
        return prefix + "-" + cluster + "-sg";
    }

    // Load balancer: AWS allows 32 characters (the schema keeps the load balancer's name within them)
    public String loadBalancer() {
        return truncate(with(c -> c.lb, "lb"), 32);
    }

    /** The Name tag of a load-balancer piece: the untruncated {@code <lb prefix>-<cluster>-<suffix>}. */
    public String loadBalancerNameTag(String suffix) {
        return with(c -> c.lb, suffix);
    }

    /** As the module: cut to 32 characters, then a trailing hyphen dropped. */
    public String targetGroup() {
        return truncate(with(c -> c.lb, "lb-target-group"), 32).replaceAll("-$", "");
    }

    private static String truncate(String name, int length) {
        return name.length() > length ? name.substring(0, length) : name;
    }

    // VPC endpoints and their security groups carry the plain prefix only, as in modules/endpoint
    public String vpcEndpoint(String service) {
        return prefix + "-" + service + "-endpoint";
    }

    public String ebsKmsKeyAlias() {
        return "alias/" + Optional.ofNullable(custom.kms).orElse(prefix) + "-" + cluster;
    }

    public String secretsKmsKeyAlias() {
        return ebsKmsKeyAlias() + "-secrets";
    }

    // IAM
    public String iam(String suffix) {
        return with(c -> c.iam, suffix);
    }

    // Lambda, logs, Step Functions, EventBridge
    public String function(WekaFunction function) {
        String name = with(c -> c.lambda, function.nameSuffix() + "-lambda");
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    /** The prefix every function name starts with, as IAM policies scope them. */
    public String functionPrefix() {
        return with(c -> c.lambda, "").replaceAll("-$", "");
    }

    public String functionLogGroup(WekaFunction function) {
        return "/aws/lambda/" + cloudwatchPrefix() + "/" + function(function);
    }

    public String cloudwatchPrefix() {
        return Optional.ofNullable(custom.cloudwatch).orElse(prefix);
    }

    public String stateMachine() {
        return with(c -> c.sfn, "scale-down-state-machine");
    }

    /** The module tags the scale-down state machine "...-scale-up-sfn" (sic); kept, as tools may look for it. */
    public String stateMachineNameTag() {
        return with(c -> c.sfn, "scale-up-sfn");
    }

    public String stateMachineLogGroup() {
        return "/aws/vendedlogs/states/" + cloudwatchPrefix() + "/" + cluster + "-scale-down-sfn";
    }

    public String scaleDownRule() {
        return with(c -> c.cloudwatch, "scale-down-trigger-rule");
    }

    // DynamoDB: the table takes the db prefix, the state keys the plain prefix (as in the module).
    public String stateTable() {
        return with(c -> c.db, "weka-deployment");
    }

    public String stateKey() {
        return prefix + "-" + cluster + "-state";
    }

    public String nfsStateKey() {
        return prefix + "-" + cluster + "-nfs-state";
    }

    // Secrets Manager
    /** {@code weka/<prefix>-<cluster>/}, or the secrets custom prefix instead of {@code weka/<prefix>}. */
    public String secretPrefix() {
        return Optional.ofNullable(custom.secrets).orElse("weka/" + prefix) + "-" + cluster + "/";
    }

    /**
     * The module appends a random 4-character suffix to secret names, because a deleted secret's name stays taken
     * for days. Ours is derived from the WekaCluster's UID: re-findable by this cluster, fresh for a re-created one.
     */
    public String secret(String name) {
        return secretPrefix() + name + "-" + secretSuffix();
    }

    String secretSuffix() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(uid.getBytes(StandardCharsets.UTF_8));
            String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
            StringBuilder suffix = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                suffix.append(alphabet.charAt(Byte.toUnsignedInt(digest[i]) % alphabet.length()));
            }
            return suffix.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The obs prefix, which the clusterize function builds the default bucket name from. */
    public String obsPrefix() {
        return Optional.ofNullable(custom.obs).orElse(prefix);
    }

    /** Default tiering bucket, created by the clusterize function when no bucket is given. */
    public String tieringBucket() {
        return with(c -> c.obs, "obs").toLowerCase(Locale.ROOT);
    }
}
