package io.weka.aws.operator.resources.ec2;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.api.v1alpha1.spec.NetworkSpec.EndpointsSpec;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.InvalidReferenceException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** The VPC endpoints the module can create: service, type, Name tag, flag, and the security groups of each. */
public enum VpcEndpointKind {
    EC2("Ec2Endpoint", "ec2", "ec2", false, e -> e.ec2, Facts.ENDPOINT_SECURITY_GROUP_ID),
    S3_GATEWAY("S3GatewayEndpoint", "s3", "s3-gateway", true, e -> e.s3Gateway, null),
    DYNAMODB_GATEWAY("DynamoDbGatewayEndpoint", "dynamodb", "dynamodb-gateway", true, e -> e.dynamodbGateway, null),
    LAMBDA("LambdaEndpoint", "lambda", "lambda", false, e -> e.lambda, Facts.ENDPOINT_SECURITY_GROUP_ID),
    AUTOSCALING("AutoScalingEndpoint", "autoscaling", "autoscaling", false, e -> e.autoscaling,
            Facts.ENDPOINT_SECURITY_GROUP_ID),
    /** The cluster's own security groups (or the spec's), as prerequisites.tf. */
    SECRETS_MANAGER("SecretsManagerEndpoint", "secretsmanager", "secretmanager", false, e -> e.secretsManager,
            Facts.SECURITY_GROUP_IDS),
    WEKA_PROXY("WekaProxyEndpoint", null, "proxy", false, e -> e.wekaProxy, Facts.PROXY_ENDPOINT_SECURITY_GROUP_ID);

    /** WEKA's PrivateLink proxy service per region (modules/endpoint {@code region_map}). */
    static final Map<String, String> PROXY_SERVICES = Map.ofEntries(
            Map.entry("ap-northeast-1", "vpce-svc-0e8a99999813c71e0"),
            Map.entry("ap-northeast-2", "vpce-svc-093e0eeec8b7c6c4c"),
            Map.entry("ap-northeast-3", "vpce-svc-09e56cde55ad96a63"),
            Map.entry("ap-south-1", "vpce-svc-09213c43e5711950a"),
            Map.entry("ap-southeast-1", "vpce-svc-0816aac78693475d6"),
            Map.entry("ap-southeast-2", "vpce-svc-0a473ac647eb853bc"),
            Map.entry("ca-central-1", "vpce-svc-0f3a4b3b0d8c87a7b"),
            Map.entry("eu-central-1", "vpce-svc-0a7f7dd92c316e3fc"),
            Map.entry("eu-north-1", "vpce-svc-006e6faae3f3be641"),
            Map.entry("eu-west-1", "vpce-svc-0f7e742f1fa52d2f7"),
            Map.entry("eu-west-2", "vpce-svc-0ef99d828da2992a6"),
            Map.entry("me-south-1", "vpce-svc-06d65d1ac36af2e46"),
            Map.entry("sa-east-1", "vpce-svc-031d8ee7326794e03"),
            Map.entry("us-east-1", "vpce-svc-0a99896cec98e7f63"),
            Map.entry("us-east-2", "vpce-svc-009318e9319949b54"),
            Map.entry("us-west-1", "vpce-svc-0d8adfe18973b86d8"),
            Map.entry("us-west-2", "vpce-svc-05e512cfd7a03b097"));

    private final String kind;
    private final String service;
    private final String nameService;
    private final boolean gateway;
    private final Predicate<EndpointsSpec> flag;
    private final Fact<?> securityGroups;

    VpcEndpointKind(String kind, String service, String nameService, boolean gateway, Predicate<EndpointsSpec> flag,
            Fact<?> securityGroups) {
        this.kind = kind;
        this.service = service;
        this.nameService = nameService;
        this.gateway = gateway;
        this.flag = flag;
        this.securityGroups = securityGroups;
    }

    String kind() {
        return kind;
    }

    /** The middle of the Name tag {@code <prefix>-<nameService>-endpoint}. */
    String nameService() {
        return nameService;
    }

    boolean gateway() {
        return gateway;
    }

    /** Each flag stands alone: the module tied some endpoints to others' flags, and Secrets Manager's to useEndpoint. */
    boolean wanted(WekaClusterSpec spec) {
        return flag.test(spec.network.endpoints);
    }

    Optional<Fact<?>> securityGroups() {
        return Optional.ofNullable(securityGroups);
    }

    String serviceName(String region) {
        if (this != WEKA_PROXY) {
            return "com.amazonaws." + region + "." + service;
        }
        String proxy = PROXY_SERVICES.get(region);
        if (proxy == null) {
            throw new InvalidReferenceException("network.endpoints.wekaProxy: WEKA offers no proxy service in " + region
                    + "; it does in " + String.join(", ", PROXY_SERVICES.keySet().stream().sorted().toList()));
        }
        return "com.amazonaws.vpce." + region + "." + proxy;
    }

    /** The interface endpoint's groups; for Secrets Manager the spec's own list wins over the cluster's. */
    List<String> securityGroupIds(ClusterContext context) {
        List<String> own = context.spec().network.endpoints.secretsManagerSecurityGroupIds;
        if (this == SECRETS_MANAGER && own != null && !own.isEmpty()) {
            return List.copyOf(own);
        }
        Object value = context.require(securityGroups);
        return value instanceof List<?> list ? list.stream().map(String.class::cast).toList() : List.of((String) value);
    }
}
