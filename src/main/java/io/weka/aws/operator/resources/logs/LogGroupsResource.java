package io.weka.aws.operator.resources.logs;

import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.model.WekaFunction;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;

/**
 * The log groups of WEKA's eleven functions and of the scale-down state machine, with 30 days' retention
 * (lambdas.tf lambdas_log_group, step_function.tf sfn_log_group). They exist before the functions, so that
 * Lambda never creates one of them itself, without retention or tags.
 */
public final class LogGroupsResource implements AwsResource {
    /**
     * Log group name → ARN (without the ":*" suffix), for the functions' ordering and the state machine's logging.
     * Kept here until the Facts catalogue has it.
     */
    static final int RETENTION_DAYS = 30;

    @Override
    public String kind() {
        return "LogGroup";
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(Facts.LOG_GROUP_ARNS);
    }

    static List<CreateLogGroupRequest> desired(ClusterContext context) {
        List<String> names = new ArrayList<>();
        for (WekaFunction function : WekaFunction.values()) {
            names.add(context.names().functionLogGroup(function));
        }
        names.add(context.names().stateMachineLogGroup());
        return names.stream().map(name -> CreateLogGroupRequest.builder().logGroupName(name)
                .tags(context.tags().common()).build()).toList();
    }

    static boolean matches(LogGroup actual) {
        return Objects.equals(actual.retentionInDays(), RETENTION_DAYS);
    }

    @Override
    public void converge(ClusterContext context) {
        CloudWatchLogsClient logs = context.aws().logs();
        Map<String, String> arns = new LinkedHashMap<>();
        for (CreateLogGroupRequest desired : desired(context)) {
            String name = desired.logGroupName();
            Optional<LogGroup> actual = find(logs, name);
            if (actual.isEmpty()) {
                context.aws().sentOnce().logs().createLogGroup(desired);
                logs.putRetentionPolicy(r -> r.logGroupName(name).retentionInDays(RETENTION_DAYS));
                context.created(kind(), name);
                actual = find(logs, name);
            } else {
                String arn = arn(actual.get());
                Map<String, String> tags = logs.listTagsForResource(r -> r.resourceArn(arn)).tags();
                requireOwned(context, name, tags);
                List<String> changed = new ArrayList<>();
                if (!matches(actual.get())) {
                    logs.putRetentionPolicy(r -> r.logGroupName(name).retentionInDays(RETENTION_DAYS));
                    changed.add("retention " + RETENTION_DAYS + " days");
                }
                Map<String, String> missing = missingTags(desired.tags(), tags);
                if (!missing.isEmpty()) {
                    logs.tagResource(r -> r.resourceArn(arn).tags(missing));
                    changed.add("tags " + String.join(",", missing.keySet()));
                }
                if (!changed.isEmpty()) {
                    context.updated(kind(), name, String.join("; ", changed));
                }
            }
            String arn = actual.map(LogGroupsResource::arn).orElseThrow(
                    () -> new IllegalStateException("log group " + name + " was created but is not found"));
            arns.put(name, arn);
            context.owns(kind(), name, arn);
        }
        context.publish(Facts.LOG_GROUP_ARNS, Map.copyOf(arns));
    }

    @Override
    public Removal delete(ClusterContext context) {
        CloudWatchLogsClient logs = context.aws().logs();
        for (CreateLogGroupRequest desired : desired(context)) {
            String name = desired.logGroupName();
            Optional<LogGroup> found = find(logs, name).filter(group -> context.tags().owns(
                    logs.listTagsForResource(r -> r.resourceArn(arn(group))).tags()));
            if (found.isPresent()) {
                logs.deleteLogGroup(r -> r.logGroupName(name));
                context.deleted(kind(), name);
            }
        }
        return Removal.GONE;
    }

    private static Optional<LogGroup> find(CloudWatchLogsClient logs, String name) {
        return logs.describeLogGroupsPaginator(r -> r.logGroupNamePrefix(name)).logGroups().stream()
                .filter(g -> g.logGroupName().equals(name)).findFirst();
    }

    /** The group's ARN without the ":*" that the older "arn" field ends with. */
    static String arn(LogGroup group) {
        return group.logGroupArn() != null ? group.logGroupArn() : group.arn().replaceFirst(":\\*$", "");
    }

    /** The desired tags that are absent or different; tags someone else added stay. */
    static Map<String, String> missingTags(Map<String, String> desired, Map<String, String> actual) {
        Map<String, String> missing = new LinkedHashMap<>();
        desired.forEach((k, v) -> {
            if (!v.equals(actual.get(k))) {
                missing.put(k, v);
            }
        });
        return missing;
    }

    private static void requireOwned(ClusterContext context, String name, Map<String, String> tags) {
        if (!context.tags().owns(tags)) {
            throw new ResourceConflictException("log group " + name + " exists but belongs to "
                    + Optional.ofNullable(tags.get(ClusterTags.CLUSTER)).orElse("no WekaCluster"));
        }
    }
}
