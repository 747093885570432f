package io.weka.aws.operator.resources.s3;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.ResourceConflictException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionConfiguration;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The default filesystem's tiering bucket {@code <obs prefix>-<cluster>-obs}, when tiering is on and the spec names
 * no bucket. The module leaves its creation to the clusterize function, which tags it but neither blocks public
 * access nor owns its removal; here it is created up front with both, and clusterize is handed its name.
 *
 * <p>It holds the filesystem's tiered data, so it is removed only when empty: a bucket with objects in it is kept,
 * and the removal fails with a message saying so until someone empties or deletes it.
 */
public final class TieringBucketResource implements AwsResource {
    static final PublicAccessBlockConfiguration PRIVATE = PublicAccessBlockConfiguration.builder()
            .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true).build();
    static final ServerSideEncryptionConfiguration ENCRYPTED = ServerSideEncryptionConfiguration.builder()
            .rules(r -> r.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256))
                    .bucketKeyEnabled(true))
            .build();

    @Override
    public String kind() {
        return "TieringBucket";
    }

    @Override
    public boolean wanted(WekaClusterSpec spec) {
        return spec.tiering != null && Boolean.TRUE.equals(spec.tiering.enabled) && spec.tiering.bucket == null;
    }

    /**
     * Tagged in the call that creates it (CreateBucketConfiguration.Tags), so that no crash can leave our bucket
     * without our identity: S3 would not tell us that an untagged bucket of our name in our account is ours. us-east-1
     * is S3's default location and must not be named as a constraint.
     */
    static CreateBucketRequest desired(String bucket, String region, Map<String, String> tags) {
        List<Tag> tagSet = ClusterTags.as(tags, (k, v) -> Tag.builder().key(k).value(v).build());
        return CreateBucketRequest.builder().bucket(bucket).createBucketConfiguration(c -> {
            c.tags(tagSet);
            if (!"us-east-1".equals(region)) {
                c.locationConstraint(BucketLocationConstraint.fromValue(region));
            }
        }).build();
    }

    /** Any default encryption will do: a stronger one someone chose (SSE-KMS) is kept. */
    static boolean encrypted(ServerSideEncryptionConfiguration configuration) {
        return configuration != null && configuration.rules().stream()
                .anyMatch(r -> r.applyServerSideEncryptionByDefault() != null
                        && r.applyServerSideEncryptionByDefault().sseAlgorithm() != null);
    }

    /**
     * Finds or creates the bucket, then completes it on every pass (its tags, public-access block and default
     * encryption are separate calls): a crash between them leaves a bucket the next pass finishes.
     */
    @Override
    public void converge(ClusterContext context) {
        S3Client s3 = context.aws().s3();
        String bucket = context.names().tieringBucket();
        Map<String, String> desiredTags = context.tags().common();
        Optional<Map<String, String>> tags = tags(s3, bucket);
        boolean created = tags.isEmpty();
        if (created) {
            context.aws().sentOnce().s3().createBucket(desired(bucket, context.aws().region().id(), desiredTags));
            context.created(kind(), bucket);
        } else if (!context.tags().owns(tags.get())) {
            throw new ResourceConflictException("tiering bucket " + bucket + " exists but does not belong to this "
                    + "cluster: set tiering.bucket to use it, or customPrefix.obs for another name");
        } else if (!tags.get().entrySet().containsAll(desiredTags.entrySet())) {
            Map<String, String> restored = new LinkedHashMap<>(tags.get());
            restored.putAll(desiredTags);
            s3.putBucketTagging(r -> r.bucket(bucket).tagging(t -> t.tagSet(ClusterTags.as(restored,
                    (k, v) -> Tag.builder().key(k).value(v).build()))));
            context.updated(kind(), bucket, "tags restored");
        }
        if (!PRIVATE.equals(publicAccessBlock(s3, bucket))) {
            s3.putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(PRIVATE));
            completed(context, created, bucket, "public access blocked");
        }
        if (!encrypted(encryption(s3, bucket))) {
            s3.putBucketEncryption(r -> r.bucket(bucket).serverSideEncryptionConfiguration(ENCRYPTED));
            completed(context, created, bucket, "default encryption restored");
        }
        context.owns(kind(), bucket, "arn:aws:s3:::" + bucket);
    }

    /** A setting made on a bucket found rather than created is a repair, reported as an update. */
    private void completed(ClusterContext context, boolean created, String bucket, String detail) {
        if (!created) {
            context.updated(kind(), bucket, detail);
        }
    }

    @Override
    public Removal delete(ClusterContext context) {
        S3Client s3 = context.aws().s3();
        String bucket = context.names().tieringBucket();
        Optional<Map<String, String>> tags = tags(s3, bucket);
        if (tags.isEmpty() || !context.tags().owns(tags.get())) {
            return Removal.GONE;
        }
        if (s3.listObjectVersions(r -> r.bucket(bucket).maxKeys(1)).hasVersions()
                || s3.listObjectsV2(r -> r.bucket(bucket).maxKeys(1)).keyCount() > 0) {
            throw new ResourceConflictException("tiering bucket " + bucket + " still holds the filesystem's tiered "
                    + "data and is kept: empty it, or delete it yourself, once the data is no longer needed");
        }
        s3.deleteBucket(r -> r.bucket(bucket));
        context.deleted(kind(), bucket);
        return Removal.GONE;
    }

    /** The bucket's tags (empty when it has none), or nothing when there is no such bucket. */
    private static Optional<Map<String, String>> tags(S3Client s3, String bucket) {
        try {
            s3.headBucket(r -> r.bucket(bucket));
        } catch (NoSuchBucketException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 403) {
                return Optional.of(Map.of()); // another account's bucket: S3 names are global
            }
            throw e;
        }
        try {
            return Optional.of(s3.getBucketTagging(r -> r.bucket(bucket)).tagSet().stream()
                    .collect(Collectors.toMap(Tag::key, Tag::value)));
        } catch (S3Exception e) {
            if ("NoSuchTagSet".equals(code(e))) {
                return Optional.of(Map.of());
            }
            throw e;
        }
    }

    private static PublicAccessBlockConfiguration publicAccessBlock(S3Client s3, String bucket) {
        return setting(() -> s3.getPublicAccessBlock(r -> r.bucket(bucket)).publicAccessBlockConfiguration(),
                "NoSuchPublicAccessBlockConfiguration");
    }

    private static ServerSideEncryptionConfiguration encryption(S3Client s3, String bucket) {
        return setting(() -> s3.getBucketEncryption(r -> r.bucket(bucket)).serverSideEncryptionConfiguration(),
                "ServerSideEncryptionConfigurationNotFoundError");
    }

    /** A bucket setting, or null when S3 answers that the bucket has none. */
    private static <T> T setting(Supplier<T> read, String noneCode) {
        try {
            return read.get();
        } catch (S3Exception e) {
            if (noneCode.equals(code(e))) {
                return null;
            }
            throw e;
        }
    }

    private static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
