package io.weka.aws.operator.aws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.servicequotas.ServiceQuotasClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS clients of one region and one identity, each built on first use and reused after; {@link #sentOnce()} has
 * the same clients for creates that must not be sent again blindly.
 */
public final class AwsSession implements AutoCloseable {
    private final AwsClientFactory factory;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final RetryStrategy retries;
    private final Map<Class<?>, SdkClient> clients = new ConcurrentHashMap<>();
    private volatile AwsSession sentOnce;

    AwsSession(AwsClientFactory factory, Region region, AwsCredentialsProvider credentials, RetryStrategy retries) {
        this.factory = factory;
        this.region = region;
        this.credentials = credentials;
        this.retries = retries;
    }

    /**
     * The clients for creates AWS cannot recognise when they come again (no client token; a name AWS answers with
     * "already exists"): the SDK sends such a call again only when AWS answered that it was throttled, never after a
     * lost answer, which the next pass resolves by looking the resource up first ({@link
     * AwsClientFactory#RESEND_ONLY_THROTTLED}). The same credentials and HTTP client as this session's.
     */
    public AwsSession sentOnce() {
        if (retries == AwsClientFactory.RESEND_ONLY_THROTTLED) {
            return this;
        }
        AwsSession once = sentOnce;
        if (once == null) {
            synchronized (this) {
                if (sentOnce == null) {
                    sentOnce = new AwsSession(factory, region, credentials, AwsClientFactory.RESEND_ONLY_THROTTLED);
                }
                once = sentOnce;
            }
        }
        return once;
    }

    public Region region() {
        return region;
    }

    /** The account these credentials act in (one STS call; reconciles ask it through their ClusterContext). */
    public String accountId() {
        return sts().getCallerIdentity().account();
    }

    public StsClient sts() {
        return client(StsClient.class, () -> factory.build(StsClient.builder(), region, credentials, retries));
    }

    /** IAM is global: signed for the partition's global region. */
    public IamClient iam() {
        return client(IamClient.class, () -> factory.build(IamClient.builder(), Region.AWS_GLOBAL, credentials, retries));
    }

    public Ec2Client ec2() {
        return client(Ec2Client.class, () -> factory.build(Ec2Client.builder(), region, credentials, retries));
    }

    public AutoScalingClient autoScaling() {
        return client(AutoScalingClient.class, () -> factory.build(AutoScalingClient.builder(), region, credentials, retries));
    }

    public LambdaClient lambda() {
        return client(LambdaClient.class, () -> factory.build(LambdaClient.builder(), region, credentials, retries));
    }

    public SfnClient sfn() {
        return client(SfnClient.class, () -> factory.build(SfnClient.builder(), region, credentials, retries));
    }

    public EventBridgeClient eventBridge() {
        return client(EventBridgeClient.class, () -> factory.build(EventBridgeClient.builder(), region, credentials, retries));
    }

    public CloudWatchLogsClient logs() {
        return client(CloudWatchLogsClient.class,
                () -> factory.build(CloudWatchLogsClient.builder(), region, credentials, retries));
    }

    public SecretsManagerClient secretsManager() {
        return client(SecretsManagerClient.class,
                () -> factory.build(SecretsManagerClient.builder(), region, credentials, retries));
    }

    public DynamoDbClient dynamoDb() {
        return client(DynamoDbClient.class, () -> factory.build(DynamoDbClient.builder(), region, credentials, retries));
    }

    public KmsClient kms() {
        return client(KmsClient.class, () -> factory.build(KmsClient.builder(), region, credentials, retries));
    }

    public AcmClient acm() {
        return client(AcmClient.class, () -> factory.build(AcmClient.builder(), region, credentials, retries));
    }

    public ElasticLoadBalancingV2Client elb() {
        return client(ElasticLoadBalancingV2Client.class,
                () -> factory.build(ElasticLoadBalancingV2Client.builder(), region, credentials, retries));
    }

    /** The preflight reads EC2's vCPU quotas; the operator changes no quota. */
    public ServiceQuotasClient serviceQuotas() {
        return client(ServiceQuotasClient.class,
                () -> factory.build(ServiceQuotasClient.builder(), region, credentials, retries));
    }

    public Route53Client route53() {
        return client(Route53Client.class, () -> factory.build(Route53Client.builder(), Region.AWS_GLOBAL, credentials, retries));
    }

    /** Path-style addressing where a custom endpoint (an S3-compatible store) is configured. */
    public S3Client s3() {
        boolean customEndpoint = Stream.of("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3").anyMatch(v -> System.getenv(v) != null)
                || Stream.of("aws.endpointUrl", "aws.endpointUrlS3").anyMatch(p -> System.getProperty(p) != null);
        return client(S3Client.class,
                () -> factory.build(S3Client.builder().forcePathStyle(customEndpoint), region, credentials, retries));
    }

    private <C extends SdkClient> C client(Class<C> type, Supplier<C> build) {
        return type.cast(clients.computeIfAbsent(type, t -> build.get()));
    }

    @Override
    public void close() {
        clients.values().forEach(SdkClient::close);
        clients.clear();
        if (sentOnce != null) {
            sentOnce.clients.values().forEach(SdkClient::close);
            sentOnce.clients.clear();
        }
        if (credentials instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing cached role credentials can only fail on a client that is already gone
            }
        }
    }
}
