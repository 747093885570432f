package io.weka.aws.operator.aws;

import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/** Credentials a WekaCluster brings: an access key pair from a Secret, and optionally a role to assume with it. */
public final class ClusterCredentials {
    public static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    public static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    public static final String SESSION_TOKEN = "AWS_SESSION_TOKEN";

    private ClusterCredentials() {
    }

    /** @throws IllegalArgumentException naming the missing keys, never a value */
    public static AwsCredentialsProvider fromSecretData(Map<String, String> data) {
        String keyId = data.get(ACCESS_KEY_ID);
        String secret = data.get(SECRET_ACCESS_KEY);
        if (isBlank(keyId) || isBlank(secret)) {
            throw new IllegalArgumentException("needs non-empty keys " + ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY);
        }
        String token = data.get(SESSION_TOKEN);
        return StaticCredentialsProvider.create(isBlank(token) ? AwsBasicCredentials.create(keyId, secret)
                : AwsSessionCredentials.create(keyId, secret, token));
    }

    /** Role credentials, refreshed before they expire, obtained with the base credentials. */
    public static AwsCredentialsProvider assumeRole(AwsClientFactory factory, Region region,
            AwsCredentialsProvider base, String roleArn, String externalId, String sessionName) {
        StsClient sts = factory.build(StsClient.builder(), region, base, null);
        return StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(r -> r.roleArn(roleArn).externalId(externalId).roleSessionName(sessionName))
                .build();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
