package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.api.v1alpha1.spec.AwsCredentialsSpec;
import io.weka.aws.operator.reconciler.AwsNameClaims;
import io.weka.aws.operator.reconciler.ClusterConfigurationException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Which of two WekaClusters with the same AWS names keeps them: the first created; the other is refused. */
class AwsNameClaimsTest {
    private final WekaCluster first = cluster("a", "prod", null, "2026-12-01T10:00:00Z", "uid-1");

    @Test
    void aLaterNamesakeInAnyNamespaceOrRegionIsRefusedNamingTheFirst() {
        WekaCluster later = cluster("b", "prod", null, "2026-12-01T10:00:01Z", "uid-2");
        later.getSpec().region = "eu-west-1";

        assertThatThrownBy(() -> AwsNameClaims.requireFirst(later, Stream.of(first, later)))
                .isInstanceOfSatisfying(ClusterConfigurationException.class,
                        e -> assertThat(e.reason()).isEqualTo("NameConflict"))
                .hasMessageContaining("WekaCluster a/prod already uses the AWS names of prefix 'weka' and cluster "
                        + "name 'prod'");
        assertThatCode(() -> AwsNameClaims.requireFirst(first, Stream.of(first, later))).doesNotThrowAnyException();
    }

    @Test
    void theClusterNameAndNotTheObjectNameDecides() {
        WekaCluster scratch = cluster("a", "scratch", "prod", "2026-12-01T11:00:00Z", "uid-2");
        WekaCluster other = cluster("a", "other", null, "2026-12-01T11:00:00Z", "uid-3");

        assertThatThrownBy(() -> AwsNameClaims.requireFirst(scratch, Stream.of(first, scratch, other)))
                .hasMessageContaining("a/prod");
        assertThatCode(() -> AwsNameClaims.requireFirst(other, Stream.of(first, scratch, other)))
                .doesNotThrowAnyException();
    }

    @Test
    void anotherPrefixOrRolesInDifferentAccountsDoNotCollide() {
        WekaCluster otherPrefix = cluster("b", "prod", null, "2026-12-01T11:00:00Z", "uid-2");
        otherPrefix.getSpec().prefix = "lab";
        WekaCluster inAccountOne = cluster("c", "prod", null, "2026-12-01T09:00:00Z", "uid-3");
        WekaCluster inAccountTwo = cluster("d", "prod", null, "2026-12-01T12:00:00Z", "uid-4");
        inAccountOne.getSpec().credentials = role("arn:aws:iam::111111111111:role/weka");
        inAccountTwo.getSpec().credentials = role("arn:aws:iam::222222222222:role/weka");

        assertThatCode(() -> AwsNameClaims.requireFirst(otherPrefix, Stream.of(first, otherPrefix)))
                .doesNotThrowAnyException();
        assertThatCode(() -> AwsNameClaims.requireFirst(inAccountTwo, Stream.of(inAccountOne, inAccountTwo)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> AwsNameClaims.requireFirst(inAccountTwo, Stream.of(first, inAccountOne, inAccountTwo)))
                .as("the first has no role: it may be in either account").hasMessageContaining("a/prod");
    }

    @Test
    void createdAtTheSameSecondTheUidDecides() {
        WekaCluster twin = cluster("b", "prod", null, "2026-12-01T10:00:00Z", "uid-0");

        assertThatThrownBy(() -> AwsNameClaims.requireFirst(first, Stream.of(first, twin))).hasMessageContaining("b/prod");
    }

    private static AwsCredentialsSpec role(String arn) {
        AwsCredentialsSpec credentials = new AwsCredentialsSpec();
        credentials.roleArn = arn;
        return credentials;
    }

    private static WekaCluster cluster(String namespace, String name, String clusterName, String created, String uid) {
        WekaCluster cluster = new WekaCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withUid(uid)
                .withCreationTimestamp(created).build());
        cluster.setSpec(new WekaClusterSpec());
        cluster.getSpec().prefix = "weka";
        cluster.getSpec().region = "us-east-1";
        cluster.getSpec().clusterName = clusterName;
        return cluster;
    }
}
