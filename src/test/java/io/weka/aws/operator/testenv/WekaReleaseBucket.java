package io.weka.aws.operator.testenv;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;

/**
 * WEKA publishes its functions' zip in weka-tf-aws-releases-<region>; in the emulator that bucket is empty until
 * this puts a stand-in zip at the default key, as Lambda requires the code location to exist.
 */
public final class WekaReleaseBucket {
    public static final String DEFAULT_KEY = "release/85b38faf2b30019985d15f77f21b44ed.zip";

    private WekaReleaseBucket() {
    }

    public static void seed() {
        seed(LocalAws.REGION, DefaultCredentialsProvider.builder().build());
    }

    /** The release bucket of a region, in the account the credentials belong to. */
    public static void seed(String region, AwsCredentialsProvider credentials) {
        LocalAws.endpoint();
        String bucket = "weka-tf-aws-releases-" + region;
        try (S3Client s3 = S3Client.builder().region(Region.of(region)).credentialsProvider(credentials)
                .forcePathStyle(true).build()) {
            s3.createBucket(r -> r.bucket(bucket).createBucketConfiguration(region.equals("us-east-1") ? null
                    : CreateBucketConfiguration.builder().locationConstraint(region).build()));
            s3.putObject(r -> r.bucket(bucket).key(DEFAULT_KEY), RequestBody.fromBytes(standInZip(DEFAULT_KEY)));
        }
    }

    /** A zip with a "bootstrap", different for every key, as release zips are. */
    public static byte[] standInZip(String key) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("bootstrap"));
            zip.write(("#!/bin/sh\n# stand-in for WEKA's functions, " + key + "\n").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
