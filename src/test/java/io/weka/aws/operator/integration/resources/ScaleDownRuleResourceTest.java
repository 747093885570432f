package io.weka.aws.operator.integration.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.aws.AwsClientFactory;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.ResourceConflictException;
import io.weka.aws.operator.resources.events.ScaleDownRuleResource;
import io.weka.aws.operator.testenv.LocalAws;
import io.weka.aws.operator.testenv.LocalKubernetes;
import io.weka.aws.operator.testenv.TestClusters;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Tag;
import software.amazon.awssdk.services.eventbridge.model.Target;

class ScaleDownRuleResourceTest {
    private static final String RULE = "weka-prod-scale-down-trigger-rule";
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AwsClientFactory aws = new AwsClientFactory(metrics);
    private FunctionsFixture.Account account;
    private String namespace;

    @BeforeEach
    void account() {
        LocalAws.reset();
        account = FunctionsFixture.prepare(FunctionsFixture.session(aws));
        namespace = LocalKubernetes.newNamespace("rule");
    }

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void startsTheStateMachineEveryMinuteWithTheEventsRole() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC);
        ClusterContext context = converge(cluster);

        EventBridgeClient events = context.aws().eventBridge();
        DescribeRuleResponse rule = events.describeRule(r -> r.name(RULE));
        assertThat(rule.scheduleExpression()).isEqualTo("rate(1 minute)");
        assertThat(rule.state()).isEqualTo(RuleState.ENABLED);
        assertThat(rule.description()).isEqualTo("CloudWatch trigger scale down step function every 1 minute");
        assertThat(events.listTargetsByRule(r -> r.rule(RULE)).targets()).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo("TriggerStepFunctionFromCloudWatch");
            assertThat(t.arn()).isEqualTo(context.require(Facts.STATE_MACHINE_ARN));
            assertThat(t.roleArn()).isEqualTo(account.eventsRole());
        });
        assertThat(tags(events, rule.arn())).containsEntry("Name", RULE)
                .containsEntry("weka.io/cluster-uid", cluster.getMetadata().getUid())
                .containsEntry("aws-apn-id", "pc:epkj0ftddjwa38m3oq9umjjlm");
        assertThat(context.require(Facts.SCALE_DOWN_RULE_ARN)).isEqualTo(rule.arn());
        assertThat(context.changes()).filteredOn(c -> c.kind().equals("EventRule"))
                .extracting(ClusterContext.Change::action).containsExactly("Created");
    }

    @Test
    void aChangedScheduleAndARemovedTargetAreRestored() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC);
        EventBridgeClient events = converge(cluster).aws().eventBridge();
        events.putRule(r -> r.name(RULE).scheduleExpression("rate(5 minutes)")
                .description("CloudWatch trigger scale down step function every 1 minute"));
        events.removeTargets(r -> r.rule(RULE).ids("TriggerStepFunctionFromCloudWatch"));
        events.putTargets(r -> r.rule(RULE).targets(Target.builder().id("someone-elses").arn(account.eventsRole())
                .build()));

        ClusterContext second = converge(cluster);

        assertThat(events.describeRule(r -> r.name(RULE)).scheduleExpression()).isEqualTo("rate(1 minute)");
        assertThat(events.listTargetsByRule(r -> r.rule(RULE)).targets()).extracting(Target::id, Target::arn)
                .containsExactlyInAnyOrder(tuple("TriggerStepFunctionFromCloudWatch", second.require(Facts.STATE_MACHINE_ARN)),
                        tuple("someone-elses", account.eventsRole()));
        assertThat(second.changes()).extracting(ClusterContext.Change::action, ClusterContext.Change::kind)
                .containsExactly(tuple("Updated", "EventRule"));
        assertThat(second.changes().get(0).detail()).contains("schedule rate(1 minute)")
                .contains("target TriggerStepFunctionFromCloudWatch");
    }

    @Test
    void aTargetPointedElsewhereIsPointedBack() {
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC);
        EventBridgeClient events = converge(cluster).aws().eventBridge();
        events.putTargets(r -> r.rule(RULE).targets(Target.builder().id("TriggerStepFunctionFromCloudWatch")
                .arn("arn:aws:states:us-east-1:" + LocalAws.ACCOUNT_ID + ":stateMachine:other")
                .roleArn(account.eventsRole()).build()));

        ClusterContext second = converge(cluster);

        assertThat(events.listTargetsByRule(r -> r.rule(RULE)).targets()).singleElement()
                .extracting(Target::arn).isEqualTo(second.require(Facts.STATE_MACHINE_ARN));
        assertThat(second.changes()).extracting(ClusterContext.Change::detail)
                .containsExactly("target TriggerStepFunctionFromCloudWatch → " + second.require(Facts.STATE_MACHINE_ARN));
    }

    @Test
    void aNamesakeOfAnotherClusterIsNotTakenOver() {
        WekaCluster other = TestClusters.stored(LocalKubernetes.newNamespace("other"), "prod", FunctionsFixture.SPEC);
        ClusterContext theirs = TestClusters.context(other, aws);
        theirs.aws().eventBridge().putRule(r -> r.name(RULE).scheduleExpression("rate(1 minute)")
                .tags(theirs.tags().as((k, v) -> Tag.builder().key(k).value(v).build())));
        WekaCluster cluster = TestClusters.stored(namespace, "prod", FunctionsFixture.SPEC);

        assertThatThrownBy(() -> converge(cluster)).isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining("EventBridge rule " + RULE + " exists but belongs to other-");
    }

    private ClusterContext converge(WekaCluster cluster) {
        ClusterContext context = FunctionsFixture.publish(TestClusters.context(cluster, aws), account);
        FunctionsFixture.converge(context, FunctionsFixture.all());
        return context;
    }

    private static Map<String, String> tags(EventBridgeClient events, String arn) {
        return events.listTagsForResource(r -> r.resourceARN(arn)).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
