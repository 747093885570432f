package io.weka.aws.operator.aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/** The AWS clients of one region and one identity, built on first use. */
public final class AwsSession implements AutoCloseable {
    private final AwsClientFactory factory;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final List<SdkClient> clients = new ArrayList<>();
    private StsClient sts;

    AwsSession(AwsClientFactory factory, Region region, AwsCredentialsProvider credentials) {
        this.factory = factory;
        this.region = region;
        this.credentials = credentials;
    }

    public Region region() {
        return region;
    }

    public synchronized StsClient sts() {
        if (sts == null) {
            sts = track(factory.build(StsClient.builder(), region, credentials));
        }
        return sts;
    }

    /** The account these credentials act in; also proves that they work. */
    public String accountId() {
        return sts().getCallerIdentity().account();
    }

    private <C extends SdkClient> C track(C client) {
        clients.add(client);
        return client;
    }

    @Override
    public synchronized void close() {
        clients.forEach(SdkClient::close);
        clients.clear();
        if (credentials instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing cached role credentials can only fail on a client that is already gone
            }
        }
    }
}
