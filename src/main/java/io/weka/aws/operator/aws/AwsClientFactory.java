package io.weka.aws.operator.aws;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
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
            .useClientDefaults(false).build();

    /**
     * One session per region and credentials identity, so that clients and cached role credentials are reused
     * across reconciles. The key never contains a secret's value.
     */
    public AwsSession session(String region, String credentialsKey,
            java.util.function.Supplier<AwsCredentialsProvider> credentials) {
        return sessions.computeIfAbsent(region + "|" + credentialsKey,
                k -> new AwsSession(this, Region.of(region), credentials.get(), null));
    }

    /** A client of the session; {@code retries} replaces the SDK's retry strategy when not null. */
    <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, Region region,
            AwsCredentialsProvider credentials, RetryStrategy retries) {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .addExecutionInterceptor(metrics);
        if (retries != null) {
            override.retryStrategy(retries);
        }
        return builder.region(region)
                .credentialsProvider(credentials)
                .httpClient(httpClient)
                .overrideConfiguration(override.build())
                .build();
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
