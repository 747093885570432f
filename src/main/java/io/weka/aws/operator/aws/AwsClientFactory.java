package io.weka.aws.operator.aws;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * Builds AWS clients the standard way: endpoint, region defaults and credentials come from the SDK's own
 * configuration (AWS_ENDPOINT_URL, the default credentials chain, ...), unless a WekaCluster brings its own
 * credentials. Every client shares one HTTP client and counts its calls.
 */
public final class AwsClientFactory implements AutoCloseable {
    /** Per call, the first included: see {@link #retryStrategy()}. */
    public static final int MAX_ATTEMPTS = 3;
    private final SdkHttpClient httpClient = UrlConnectionHttpClient.create();
    private final AwsApiCallMetrics metrics;
    private final Map<String, AwsSession> sessions = new ConcurrentHashMap<>();

    public AwsClientFactory(MeterRegistry registry) {
        this.metrics = new AwsApiCallMetrics(registry);
    }

    /** The operator's own credentials chain (IRSA, Pod Identity, environment, profile). */
    public AwsCredentialsProvider defaultCredentials() {
        return DefaultCredentialsProvider.builder().build();
    }

    /**
     * The retries of the clients for creates that AWS cannot recognise when sent again (no client token, not a
     * unique name): such a call is sent again only when AWS answered that it did not execute it (throttling). Any
     * other failure, above all a connection lost after the request went out (AWS may have executed it), goes to the
     * caller, and the next pass looks the resource up by its name or creation tag before creating anything.
     */
    static final RetryStrategy RESEND_ONLY_THROTTLED = DefaultRetryStrategy.standardStrategyBuilder()
            .retryOnException(AwsClientFactory::throttled).treatAsThrottling(AwsClientFactory::throttled)
            .maxAttempts(MAX_ATTEMPTS).useClientDefaults(false).build();

    /**
     * One session per region and credentials identity, so that clients and cached role credentials are reused
     * across reconciles. The key never contains a secret's value.
     */
    public AwsSession session(String region, String credentialsKey,
            java.util.function.Supplier<AwsCredentialsProvider> credentials) {
        return sessions.computeIfAbsent(region + "|" + credentialsKey,
                k -> new AwsSession(this, Region.of(region), credentials.get(), null));
    }

    /** A client of the session, with {@code retries} or, when null, the operator's {@link #retryStrategy()}. */
    <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, Region region,
            AwsCredentialsProvider credentials, RetryStrategy retries) {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .addExecutionInterceptor(metrics).retryStrategy(retries != null ? retries : retryStrategy());
        return builder.region(region)
                .credentialsProvider(credentials)
                .httpClient(httpClient)
                .overrideConfiguration(override.build())
                .build();
    }

    /**
     * Chosen here rather than left to AWS_RETRY_MODE / aws.retryMode, which would otherwise pick the SDK's
     * Java-only LEGACY mode (up to 3 retries, 8 for DynamoDB). STANDARD, the mode every AWS SDK shares: 3 attempts
     * in all, exponential backoff with jitter from 100 ms (1 s when throttled) up to 20 s, and a token bucket per
     * client that stops retrying while most calls fail. It covers a brief throttle, a 5xx or a dropped connection
     * within one reconcile; anything longer is the reconciler's to wait out (its own backoff, up to 5 minutes, with
     * the failure in status meanwhile), so a convergence thread is never held for minutes inside the SDK. ADAPTIVE's
     * client-side rate limiting is not used: clients are shared by every cluster of an account, and one cluster's
     * throttling would slow the others.
     */
    static RetryStrategy retryStrategy() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build();
    }

    private static boolean throttled(Throwable failure) {
        return failure instanceof SdkServiceException answered && answered.isThrottlingException();
    }

    @Override
    public void close() {
        sessions.values().forEach(AwsSession::close);
        sessions.clear();
        httpClient.close();
    }
}
