package io.weka.aws.operator.reconciler;

import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Two WekaClusters with the same prefix and cluster name would name the same AWS resources (IAM names are global, so
 * even in different regions): the one created first keeps them, and every later one is refused before it makes any
 * AWS call, until the first is gone. Clusters whose roles to assume name different AWS accounts do not collide; any
 * other pair may share an account, since which account a Secret's keys or the operator's own identity belong to is
 * only known by asking AWS.
 */
public final class AwsNameClaims {
    private static final Comparator<WekaCluster> FIRST_CREATED = Comparator
            .comparing((WekaCluster c) -> Optional.ofNullable(c.getMetadata().getCreationTimestamp()).map(Instant::parse)
                    .orElse(Instant.MAX))
            .thenComparing(c -> c.getMetadata().getUid());

    private AwsNameClaims() {
    }

    /** Refuses the cluster when an older WekaCluster among {@code all} claims the same AWS names. */
    public static void requireFirst(WekaCluster cluster, Stream<WekaCluster> all) {
        all.filter(other -> !other.getMetadata().getUid().equals(cluster.getMetadata().getUid()))
                .filter(other -> collide(cluster, other))
                .filter(other -> FIRST_CREATED.compare(other, cluster) < 0)
                .min(FIRST_CREATED)
                .ifPresent(first -> {
                    throw new ClusterConfigurationException(Reason.NAME_CONFLICT, "WekaCluster "
                            + first.getMetadata().getNamespace() + "/" + first.getMetadata().getName()
                            + " already uses the AWS names of prefix '" + cluster.getSpec().prefix + "' and cluster name '"
                            + cluster.clusterName() + "'; nothing is created for this one while it exists: give this "
                            + "one another spec.clusterName or spec.prefix");
                });
    }

    private static boolean collide(WekaCluster a, WekaCluster b) {
        return Objects.equals(a.getSpec().prefix, b.getSpec().prefix) && a.clusterName().equals(b.clusterName())
                && !inDifferentAccounts(a, b);
    }

    private static boolean inDifferentAccounts(WekaCluster a, WekaCluster b) {
        Optional<String> accountA = roleAccount(a);
        Optional<String> accountB = roleAccount(b);
        return accountA.isPresent() && accountB.isPresent() && !accountA.equals(accountB);
    }

    /** The account of the role to assume, from its ARN {@code arn:<partition>:iam::<account>:role/<name>}. */
    private static Optional<String> roleAccount(WekaCluster cluster) {
        return Optional.ofNullable(cluster.getSpec().credentials).map(c -> c.roleArn).map(arn -> arn.split(":"))
                .filter(parts -> parts.length > 4).map(parts -> parts[4]);
    }
}
