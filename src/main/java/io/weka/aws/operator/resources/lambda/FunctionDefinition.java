package io.weka.aws.operator.resources.lambda;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.model.FunctionCode;
import io.weka.aws.operator.model.LambdaEnvironments;
import io.weka.aws.operator.model.WekaFunction;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Facts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.lambda.model.Architecture;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.LogFormat;
import software.amazon.awssdk.services.lambda.model.LoggingConfig;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionCodeRequest;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;
import software.amazon.awssdk.services.lambda.model.VpcConfig;

/**
 * One of WEKA's functions as lambdas.tf defines it: the settings every function shares, its own environment, and
 * its VPC attachment (management and scale-down always, all of them with spec.lambdas.vpcConfig).
 */
record FunctionDefinition(WekaFunction function, String name, String role, String s3Bucket, String s3Key,
        Map<String, String> environment, List<String> subnetIds, List<String> securityGroupIds, String logGroup,
        Map<String, String> tags) {
    static final String HANDLER = "bootstrap";
    static final Runtime RUNTIME = Runtime.PROVIDED_AL2023;
    static final Architecture ARCHITECTURE = Architecture.ARM64;
    static final int MEMORY_MB = 128;
    static final int TIMEOUT_SECONDS = 20;
    /**
     * Where the code came from. Lambda does not say (it returns a copy's location), so the function carries the
     * S3 location it was last given, as Terraform keeps it in its state.
     */
    static final String CODE_TAG = "weka.io/code-source";

    static FunctionDefinition desired(ClusterContext context, WekaFunction function) {
        WekaClusterSpec spec = context.spec();
        LambdaEnvironments.Inputs inputs = new LambdaEnvironments.Inputs(context.require(Facts.STATE_TABLE_NAME),
                tokenSecretId(context), context.require(Facts.USERNAME_SECRET_ID),
                context.require(Facts.ADMIN_PASSWORD_SECRET_ID), context.require(Facts.DEPLOYMENT_PASSWORD_SECRET_ID),
                context.find(Facts.ALB_ARN_SUFFIX).orElse(null));
        boolean vpc = spec.lambdas.vpcConfig || function == WekaFunction.MANAGEMENT
                || function == WekaFunction.SCALE_DOWN;
        FunctionCode code = FunctionCode.of(spec);
        return new FunctionDefinition(function, context.names().function(function),
                context.require(Facts.LAMBDA_ROLE_ARN), code.bucket(), code.key(),
                LambdaEnvironments.of(function, withBackendCount(spec, context.backendCount()), context.names(), inputs),
                vpc ? List.of(context.require(Facts.SUBNET_ID)) : List.of(),
                vpc ? List.copyOf(context.require(Facts.SECURITY_GROUP_IDS)) : List.of(),
                context.names().functionLogGroup(function),
                context.tags().with(Map.of(CODE_TAG, codeSource(code.bucket(), code.key()))));
    }

    /**
     * While a backends.count change is held (see {@link ClusterContext#backendCount()}), the functions keep the count
     * WEKA is clusterizing: the clusterize function waits for HOSTS_NUM instances, which must be the state item's
     * target.
     */
    private static WekaClusterSpec withBackendCount(WekaClusterSpec spec, int count) {
        if (spec.backends.count == count) {
            return spec;
        }
        WekaClusterSpec held = Serialization.clone(spec);
        held.backends.count = count;
        return held;
    }

    /**
     * The token secret. There always is one: installing from a URL needs no token, but the deploy function reads
     * TOKEN_ID all the same, so the secrets resource then stores a placeholder.
     */
    private static String tokenSecretId(ClusterContext context) {
        return context.require(Facts.TOKEN_SECRET_ID);
    }

    /** As the module creates it: without a vpc_config block where the function is not in the VPC. */
    CreateFunctionRequest createRequest() {
        CreateFunctionRequest.Builder create = CreateFunctionRequest.builder().functionName(name).role(role)
                .handler(HANDLER).runtime(RUNTIME).architectures(ARCHITECTURE).memorySize(MEMORY_MB)
                .timeout(TIMEOUT_SECONDS)
                .code(c -> c.s3Bucket(s3Bucket).s3Key(s3Key))
                .environment(e -> e.variables(environment))
                .loggingConfig(loggingConfig())
                .tags(tags);
        return subnetIds.isEmpty() ? create.build() : create.vpcConfig(vpcConfig()).build();
    }

    /** Everything but the code, as desired; an empty VPC configuration detaches the function from the VPC. */
    UpdateFunctionConfigurationRequest configurationRequest() {
        return UpdateFunctionConfigurationRequest.builder().functionName(name).role(role).handler(HANDLER)
                .runtime(RUNTIME).memorySize(MEMORY_MB).timeout(TIMEOUT_SECONDS)
                .environment(e -> e.variables(environment))
                .vpcConfig(vpcConfig())
                .loggingConfig(loggingConfig())
                .build();
    }

    UpdateFunctionCodeRequest codeRequest() {
        return UpdateFunctionCodeRequest.builder().functionName(name).s3Bucket(s3Bucket).s3Key(s3Key)
                .architectures(ARCHITECTURE).build();
    }

    private VpcConfig vpcConfig() {
        return VpcConfig.builder().subnetIds(subnetIds).securityGroupIds(securityGroupIds).build();
    }

    private LoggingConfig loggingConfig() {
        return LoggingConfig.builder().logFormat(LogFormat.TEXT).logGroup(logGroup).build();
    }

    /** Which of the configuration fields we set differ; logging only where Lambda reports it. */
    List<String> configurationDifferences(FunctionConfiguration actual) {
        List<String> differences = new ArrayList<>();
        if (!role.equals(actual.role())) {
            differences.add("role");
        }
        if (!HANDLER.equals(actual.handler()) || actual.runtime() != RUNTIME) {
            differences.add("handler/runtime");
        }
        if (!Objects.equals(actual.memorySize(), MEMORY_MB) || !Objects.equals(actual.timeout(), TIMEOUT_SECONDS)) {
            differences.add("memory/timeout");
        }
        Map<String, String> env = actual.environment() == null ? Map.of() : actual.environment().variables();
        if (!environment.equals(env)) {
            differences.add("environment");
        }
        List<String> subnets = actual.vpcConfig() == null ? List.of() : actual.vpcConfig().subnetIds();
        List<String> groups = actual.vpcConfig() == null ? List.of() : actual.vpcConfig().securityGroupIds();
        if (!new HashSet<>(subnetIds).equals(new HashSet<>(subnets))
                || !new HashSet<>(securityGroupIds).equals(new HashSet<>(groups))) {
            differences.add("vpc");
        }
        LoggingConfig logging = actual.loggingConfig();
        if (logging != null && (logging.logFormat() != LogFormat.TEXT || !logGroup.equals(logging.logGroup()))) {
            differences.add("logging");
        }
        return differences;
    }

    /** Whether the code must be deployed again: another S3 location than it was last given, or another architecture. */
    boolean codeDiffers(FunctionConfiguration actual, Map<String, String> actualTags) {
        return !tags.get(CODE_TAG).equals(actualTags.get(CODE_TAG))
                || !List.of(ARCHITECTURE).equals(actual.architectures());
    }

    /**
     * {@code <bucket>/<key>}, or a SHA-256 of it where that is no valid tag value (longer than 256 characters, or
     * with characters tags do not allow).
     */
    static String codeSource(String bucket, String key) {
        String location = bucket + "/" + key;
        if (location.length() <= 256 && location.matches("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*")) {
            return location;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(location.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
