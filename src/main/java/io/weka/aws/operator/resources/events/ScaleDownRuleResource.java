package io.weka.aws.operator.resources.events;

import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.ResourceConflictException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.ListTargetsByRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.PutRuleRequest;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Tag;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * The schedule that starts the scale-down state machine every minute (step_function.tf event_rule and
 * step_function_event_target). Only our target is looked after; other targets someone added stay.
 */
public final class ScaleDownRuleResource implements AwsResource {
    /** The rule's ARN, the source the functions' invoke permissions name. Kept here until Facts has it. */
    static final String SCHEDULE = "rate(1 minute)";
    static final String DESCRIPTION = "CloudWatch trigger scale down step function every 1 minute";
    static final String TARGET_ID = "TriggerStepFunctionFromCloudWatch";

    @Override
    public String kind() {
        return "EventRule";
    }

    @Override
    public Set<Fact<?>> needs() {
        return Set.of(Facts.STATE_MACHINE_ARN, Facts.EVENTS_ROLE_ARN);
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(Facts.SCALE_DOWN_RULE_ARN);
    }

    static PutRuleRequest desired(ClusterContext context) {
        String name = context.names().scaleDownRule();
        return PutRuleRequest.builder().name(name).scheduleExpression(SCHEDULE).description(DESCRIPTION)
                .state(RuleState.ENABLED)
                .tags(ClusterTags.as(context.tags().with(Map.of("Name", name)),
                        (k, v) -> Tag.builder().key(k).value(v).build()))
                .build();
    }

    static Target desiredTarget(ClusterContext context) {
        return Target.builder().id(TARGET_ID).arn(context.require(Facts.STATE_MACHINE_ARN))
                .roleArn(context.require(Facts.EVENTS_ROLE_ARN)).build();
    }

    static boolean matches(DescribeRuleResponse actual, PutRuleRequest desired) {
        return desired.scheduleExpression().equals(actual.scheduleExpression())
                && desired.description().equals(actual.description()) && actual.state() == desired.state();
    }

    static boolean matches(Target actual, Target desired) {
        return desired.arn().equals(actual.arn()) && desired.roleArn().equals(actual.roleArn())
                && actual.input() == null && actual.inputPath() == null;
    }

    @Override
    public void converge(ClusterContext context) {
        EventBridgeClient events = context.aws().eventBridge();
        PutRuleRequest desired = desired(context);
        Target target = desiredTarget(context);
        String name = desired.name();
        Optional<DescribeRuleResponse> actual = find(events, name);
        String arn;
        List<String> changed = new ArrayList<>();
        if (actual.isEmpty()) {
            arn = events.putRule(desired).ruleArn();
            context.created(kind(), name);
        } else {
            arn = actual.get().arn();
            Map<String, String> tags = tags(events, arn);
            if (!context.tags().owns(tags)) {
                throw new ResourceConflictException("EventBridge rule " + name + " exists but belongs to "
                        + Optional.ofNullable(tags.get(ClusterTags.CLUSTER)).orElse("no WekaCluster"));
            }
            if (!matches(actual.get(), desired)) {
                // PutRule on an existing rule changes it; tags are only applied on creation, so none are sent.
                events.putRule(desired.toBuilder().tags((List<Tag>) null).build());
                changed.add("schedule " + SCHEDULE + ", " + desired.stateAsString());
            }
            Map<String, String> missing = new LinkedHashMap<>();
            desired.tags().forEach(t -> {
                if (!t.value().equals(tags.get(t.key()))) {
                    missing.put(t.key(), t.value());
                }
            });
            if (!missing.isEmpty()) {
                events.tagResource(r -> r.resourceARN(arn).tags(ClusterTags.as(missing,
                        (k, v) -> Tag.builder().key(k).value(v).build())));
                changed.add("tags " + String.join(",", missing.keySet()));
            }
        }
        Optional<Target> actualTarget = actual.isEmpty() ? Optional.empty() : target(events, name);
        if (actualTarget.isEmpty() || !matches(actualTarget.get(), target)) {
            var result = events.putTargets(r -> r.rule(name).targets(target));
            if (result.failedEntryCount() != null && result.failedEntryCount() > 0) {
                throw new IllegalStateException("EventBridge did not take target " + TARGET_ID + " of rule " + name
                        + ": " + result.failedEntries());
            }
            if (actual.isPresent()) {
                changed.add("target " + TARGET_ID + " → " + target.arn());
            }
        }
        if (!changed.isEmpty()) {
            context.updated(kind(), name, String.join("; ", changed));
        }
        context.publish(Facts.SCALE_DOWN_RULE_ARN, arn);
        context.owns(kind(), name, arn);
    }

    /** A rule goes only without targets: they are removed first (the rule is ours, so are they). */
    @Override
    public Removal delete(ClusterContext context) {
        EventBridgeClient events = context.aws().eventBridge();
        String name = context.names().scaleDownRule();
        Optional<DescribeRuleResponse> found = find(events, name)
                .filter(rule -> context.tags().owns(tags(events, rule.arn())));
        if (found.isPresent()) {
            List<String> targets = events.listTargetsByRule(r -> r.rule(name)).targets().stream().map(Target::id)
                    .toList();
            if (!targets.isEmpty()) {
                events.removeTargets(r -> r.rule(name).ids(targets));
            }
            events.deleteRule(r -> r.name(name));
            context.deleted(kind(), name);
        }
        return Removal.GONE;
    }

    /** Our target of the rule (a rule has at most five; the loop is for the API's paging all the same). */
    private static Optional<Target> target(EventBridgeClient events, String rule) {
        String token = null;
        do {
            String page = token;
            ListTargetsByRuleResponse response = events.listTargetsByRule(r -> r.rule(rule).nextToken(page));
            Optional<Target> ours = response.targets().stream().filter(t -> TARGET_ID.equals(t.id())).findFirst();
            if (ours.isPresent()) {
                return ours;
            }
            token = response.nextToken();
        } while (token != null);
        return Optional.empty();
    }

    private static Optional<DescribeRuleResponse> find(EventBridgeClient events, String name) {
        try {
            return Optional.of(events.describeRule(r -> r.name(name)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> tags(EventBridgeClient events, String arn) {
        return events.listTagsForResource(r -> r.resourceARN(arn)).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    }
}
