package io.weka.aws.operator.integration.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.ResourceConflictException;
import io.weka.aws.operator.resources.logs.LogGroupsResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

class LogGroupsResourceTest {
    private static final List<String> NAMES = List.of(
            "/aws/lambda/weka/weka-prod-deploy-lambda", "/aws/lambda/weka/weka-prod-clusterize-lambda",
            "/aws/lambda/weka/weka-prod-clusterize-finalization-lambda",
            "/aws/lambda/weka/weka-prod-join-nfs-finalization-lambda", "/aws/lambda/weka/weka-prod-report-lambda",
            "/aws/lambda/weka/weka-prod-status-lambda", "/aws/lambda/weka/weka-prod-management-lambda",
            "/aws/lambda/weka/weka-prod-fetch-lambda", "/aws/lambda/weka/weka-prod-scale-down-lambda",
            "/aws/lambda/weka/weka-prod-terminate-lambda", "/aws/lambda/weka/weka-prod-transient-lambda",
            "/aws/vendedlogs/states/weka/prod-scale-down-sfn");
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private final LogGroupsResource resource = new LogGroupsResource();
    private String namespace;

    @BeforeEach
    void emptyAccount() {
        LocalAws.reset();
        namespace = LocalKubernetes.newNamespace("logs");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void createsTheModulesTwelveGroupsWithThirtyDaysAndTheClusterTags() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);

        resource.converge(context);

        CloudWatchLogsClient logs = context.aws().logs();
        assertThat(logs.describeLogGroups().logGroups()).extracting(LogGroup::logGroupName)
                .containsExactlyInAnyOrderElementsOf(NAMES);
        assertThat(logs.describeLogGroups().logGroups()).extracting(LogGroup::retentionInDays).containsOnly(30);
        for (LogGroup group : logs.describeLogGroups().logGroups()) {
            assertThat(logs.listTagsForResource(r -> r.resourceArn(group.logGroupArn())).tags())
                    .containsEntry("weka.io/cluster-uid", cluster.getMetadata().getUid())
                    .containsEntry("weka_cluster_name", "prod")
                    .containsEntry("aws-apn-id", "pc:epkj0ftddjwa38m3oq9umjjlm");
        }
        Map<String, String> arns = context.require(Facts.LOG_GROUP_ARNS);
        assertThat(arns).containsOnlyKeys(NAMES);
        assertThat(arns.get(NAMES.get(11))).isEqualTo("arn:aws:logs:us-east-1:" + LocalAws.ACCOUNT_ID
                + ":log-group:/aws/vendedlogs/states/weka/prod-scale-down-sfn");
        assertThat(context.changes()).hasSize(12).extracting(ClusterContext.Change::action).containsOnly("Created");
    }

    @Test
    void aSecondConvergeChangesNothing() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC);
        resource.converge(TestClusters.context(cluster, aws));
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);

        ClusterContext second = TestClusters.context(cluster, aws);
        resource.converge(second);

        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(second.changes()).isEmpty();
        assertThat(second.require(Facts.LOG_GROUP_ARNS)).hasSize(12);
    }

    @Test
    void aChangedRetentionAndARemovedTagAreRestored() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);
        resource.converge(context);
        CloudWatchLogsClient logs = context.aws().logs();
        String fetch = NAMES.get(7);
        logs.putRetentionPolicy(r -> r.logGroupName(fetch).retentionInDays(1));
        String arn = context.require(Facts.LOG_GROUP_ARNS).get(NAMES.get(0));
        logs.untagResource(r -> r.resourceArn(arn).tagKeys("weka_cluster_name"));

        ClusterContext second = TestClusters.context(cluster, aws);
        resource.converge(second);

        assertThat(logs.describeLogGroups(r -> r.logGroupNamePrefix(fetch)).logGroups().get(0).retentionInDays())
                .isEqualTo(30);
        assertThat(logs.listTagsForResource(r -> r.resourceArn(arn)).tags()).containsEntry("weka_cluster_name", "prod");
        assertThat(second.changes()).extracting(ClusterContext.Change::name, ClusterContext.Change::detail)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(fetch, "retention 30 days"),
                        org.assertj.core.groups.Tuple.tuple(NAMES.get(0), "tags weka_cluster_name"));
    }

    @Test
    void aNamesakeOfAnotherClusterIsNotTakenOver() {
        WekaCluster other = TestClusters.stored(LocalKubernetes.newNamespace("other"), "prod", FunctionsFixture.SPEC);
        resource.converge(TestClusters.context(other, aws));
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC);

        assertThatThrownBy(() -> resource.converge(TestClusters.context(cluster, aws)))
                .isInstanceOf(ResourceConflictException.class).hasMessageContaining("belongs to other-");
    }

    @Test
    void aGroupLambdaMadeWithoutOurTagsIsNotTakenOverEither() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC);
        ClusterContext context = TestClusters.context(cluster, aws);
        context.aws().logs().createLogGroup(r -> r.logGroupName(NAMES.get(3)));

        assertThatThrownBy(() -> resource.converge(context)).isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining("belongs to no WekaCluster");
    }
}
