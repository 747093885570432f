package io.weka.aws.operator.integration.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.model.ClusterNames;
import io.weka.aws.operator.model.StateMachineDefinition;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.ResourceConflictException;
import io.weka.aws.operator.resources.lambda.WekaFunctionsResource;
import io.weka.aws.operator.resources.logs.LogGroupsResource;
import io.weka.aws.operator.resources.sfn.StateMachineResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.LogLevel;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.Tag;

class StateMachineResourceTest {
    private static final String ARN = "arn:aws:states:us-east-1:" + LocalAws.ACCOUNT_ID
            + ":stateMachine:weka-prod-scale-down-state-machine";
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private final StateMachineResource resource = new StateMachineResource();
    private FunctionsFixture.Account account;
    private String namespace;

    @BeforeEach
    void account() {
        LocalAws.reset();
        account = FunctionsFixture.prepare(FunctionsFixture.session(aws));
        namespace = LocalKubernetes.newNamespace("sfn");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void createsTheScaleDownStateMachineOverTheClustersFunctions() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC);
        ClusterContext context = converge(cluster);

        DescribeStateMachineResponse machine = context.aws().sfn().describeStateMachine(r -> r.stateMachineArn(ARN));
        assertThat(machine.name()).isEqualTo("weka-prod-scale-down-state-machine");
        assertThat(machine.type()).isEqualTo(StateMachineType.STANDARD);
        assertThat(machine.roleArn()).isEqualTo(account.stateMachineRole());
        assertThat(StateMachineDefinition.parse(machine.definition())).isEqualTo(StateMachineDefinition.parse(
                StateMachineDefinition.of(new ClusterNames(cluster), context.require(Facts.FUNCTION_ARNS))));
        assertThat(StateMachineDefinition.parse(machine.definition()).path("States").path("Fetch").path("Resource")
                .asText()).isEqualTo(context.require(Facts.FUNCTION_ARNS).get("weka-prod-fetch-lambda"));
        assertThat(machine.loggingConfiguration().level()).isEqualTo(LogLevel.ALL);
        assertThat(machine.loggingConfiguration().includeExecutionData()).isTrue();
        assertThat(machine.loggingConfiguration().destinations()).singleElement()
                .satisfies(d -> assertThat(d.cloudWatchLogsLogGroup().logGroupArn()).isEqualTo("arn:aws:logs:us-east-1:"
                        + LocalAws.ACCOUNT_ID + ":log-group:/aws/vendedlogs/states/weka/prod-scale-down-sfn:*"));
        assertThat(tags(context.aws().sfn())).containsEntry("Name", "weka-prod-scale-up-sfn")
                .containsEntry("weka.io/cluster-uid", cluster.getMetadata().getUid())
                .containsEntry("aws-apn-id", "pc:epkj0ftddjwa38m3oq9umjjlm");
        assertThat(context.require(Facts.STATE_MACHINE_ARN)).isEqualTo(ARN);
    }

    @Test
    void aSecondConvergeMakesNoMutatingCall() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC);
        converge(cluster);
        Map<String, Double> before = TestClusters.mutatingCalls(metrics);

        ClusterContext second = converge(cluster);

        assertThat(TestClusters.mutatingCalls(metrics)).isEqualTo(before);
        assertThat(second.changes()).isEmpty();
        assertThat(second.require(Facts.STATE_MACHINE_ARN)).isEqualTo(ARN);
    }

    @Test
    void aChangedDefinitionRoleOrLoggingIsRestored() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC);
        ClusterContext context = converge(cluster);
        String expected = context.aws().sfn().describeStateMachine(r -> r.stateMachineArn(ARN)).definition();
        context.aws().sfn().updateStateMachine(r -> r.stateMachineArn(ARN).roleArn(account.eventsRole())
                .definition("{\"StartAt\": \"Done\", \"States\": {\"Done\": {\"Type\": \"Succeed\"}}}")
                .loggingConfiguration(l -> l.level(LogLevel.ERROR)));

        ClusterContext second = converge(cluster);

        DescribeStateMachineResponse machine = context.aws().sfn().describeStateMachine(r -> r.stateMachineArn(ARN));
        assertThat(StateMachineDefinition.equivalent(machine.definition(), expected)).isTrue();
        assertThat(machine.roleArn()).isEqualTo(account.stateMachineRole());
        assertThat(machine.loggingConfiguration().level()).isEqualTo(LogLevel.ALL);
        assertThat(second.changes()).extracting(ClusterContext.Change::action, ClusterContext.Change::detail)
                .containsExactly(tuple("Updated", "definition, role, logging"));
    }

    @Test
    void aReformattedDefinitionIsNotADifference() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC);
        ClusterContext context = converge(cluster);
        String compact = StateMachineDefinition.parse(context.aws().sfn().describeStateMachine(r -> r.stateMachineArn(ARN))
                .definition()).toString();
        context.aws().sfn().updateStateMachine(r -> r.stateMachineArn(ARN).definition(compact));

        assertThat(converge(cluster).changes()).isEmpty();
    }

    @Test
    void aNamesakeOfAnotherClusterIsNotTakenOver() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC);
        ClusterContext context = FunctionsFixture.publish(TestClusters.context(cluster, aws), account);
        context.aws().sfn().createStateMachine(r -> r.name("weka-prod-scale-down-state-machine")
                .roleArn(account.stateMachineRole())
                .definition("{\"StartAt\": \"Done\", \"States\": {\"Done\": {\"Type\": \"Succeed\"}}}")
                .tags(Tag.builder().key("weka.io/cluster-uid").value("someone-else").build(),
                        Tag.builder().key("weka.io/cluster").value("elsewhere/prod").build()));

        assertThatThrownBy(() -> FunctionsFixture.converge(context, new LogGroupsResource(), new WekaFunctionsResource(),
                resource)).isInstanceOf(ResourceConflictException.class).hasMessageContaining("belongs to elsewhere/prod");
    }

    private ClusterContext converge(WekaCluster cluster) {
        ClusterContext context = FunctionsFixture.publish(TestClusters.context(cluster, aws), account);
        FunctionsFixture.converge(context, new LogGroupsResource(), new WekaFunctionsResource(), resource);
        return context;
    }

    private static Map<String, String> tags(SfnClient sfn) {
        return sfn.listTagsForResource(r -> r.resourceArn(ARN)).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
