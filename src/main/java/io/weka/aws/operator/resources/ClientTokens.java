package io.weka.aws.operator.resources;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Client tokens of the EC2 creates that carry one (RunInstances, CreateLaunchTemplateVersion, CreateVpcEndpoint,
 * CreateNatGateway): AWS answers a repeated token with what the first call made, so a create whose
 * answer was lost can be sent again, by the SDK's retry or by the next pass before the new resource shows in a
 * describe. The token is derived, never random, so a fresh operator after a crash sends the same one; it names the
 * intent, not only the resource: the cluster's UID, the spec generation (a resource removed because the spec turned
 * it off and wanted again later is a new create) and what the caller adds (an index, the version it builds on, the
 * number of deleted predecessors EC2 still shows), so a deliberate second create is never answered with the first one.
 */
public final class ClientTokens {
    /** EC2 accepts at most 64 ASCII characters; 48 hex digits of SHA-256 leave no collision to worry about. */
    private static final int HEX_BYTES = 24;

    private ClientTokens() {
    }

    /** The token of the create {@code intent} (e.g. "launch-template", name) of this cluster at its generation. */
    public static String of(ClusterContext context, String... intent) {
        long generation = Optional.ofNullable(context.cluster().getMetadata().getGeneration()).orElse(0L);
        return of(context.cluster().getMetadata().getUid(), generation, intent);
    }

    public static String of(String clusterUid, long generation, String... intent) {
        String key = Stream.concat(Stream.of(clusterUid, Long.toString(generation)), Stream.of(intent))
                .collect(Collectors.joining("/"));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, HEX_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
