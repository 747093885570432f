package io.weka.aws.operator.resources.sfn;

import io.weka.aws.operator.model.ClusterTags;
import io.weka.aws.operator.model.StateMachineDefinition;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.ResourceConflictException;
import io.weka.aws.operator.resources.logs.LogGroupsResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.LogLevel;
import software.amazon.awssdk.services.sfn.model.LoggingConfiguration;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.Tag;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResultCode;

/**
 * The scale-down state machine (step_function.tf scale_down_state_machine): Fetch → ScaleDown → Terminate →
 * Transient/Success over WEKA's functions, logging everything to its log group. Publishes its ARN.
 */
public final class StateMachineResource implements AwsResource {
    @Override
    public String kind() {
        return "StateMachine";
    }

    @Override
    public Set<Fact<?>> needs() {
        return Set.of(Facts.FUNCTION_ARNS, Facts.STATE_MACHINE_ROLE_ARN, Facts.LOG_GROUP_ARNS);
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(Facts.STATE_MACHINE_ARN);
    }

    static CreateStateMachineRequest desired(ClusterContext context) {
        String logGroupArn = context.require(Facts.LOG_GROUP_ARNS).get(context.names().stateMachineLogGroup());
        if (logGroupArn == null) {
            throw new IllegalStateException("no ARN for log group " + context.names().stateMachineLogGroup());
        }
        String nameTag = context.names().stateMachineNameTag();
        return CreateStateMachineRequest.builder()
                .name(context.names().stateMachine())
                .type(StateMachineType.STANDARD)
                .roleArn(context.require(Facts.STATE_MACHINE_ROLE_ARN))
                .definition(StateMachineDefinition.of(context.names(), context.require(Facts.FUNCTION_ARNS)))
                .loggingConfiguration(l -> l.level(LogLevel.ALL).includeExecutionData(true)
                        .destinations(d -> d.cloudWatchLogsLogGroup(g -> g.logGroupArn(logGroupArn + ":*"))))
                .tags(ClusterTags.as(context.tags().with(Map.of("Name", nameTag)),
                        (k, v) -> Tag.builder().key(k).value(v).build()))
                .build();
    }

    /** What differs among the fields we set: the definition (as JSON), the role and the logging. */
    static List<String> differences(DescribeStateMachineResponse actual, CreateStateMachineRequest desired) {
        List<String> differences = new ArrayList<>();
        if (!StateMachineDefinition.equivalent(desired.definition(), actual.definition())) {
            differences.add("definition");
        }
        if (!desired.roleArn().equals(actual.roleArn())) {
            differences.add("role");
        }
        if (!logging(desired.loggingConfiguration()).equals(logging(actual.loggingConfiguration()))) {
            differences.add("logging");
        }
        return differences;
    }

    private static List<String> logging(LoggingConfiguration logging) {
        if (logging == null) {
            return List.of();
        }
        List<String> fields = new ArrayList<>(List.of(String.valueOf(logging.level()),
                String.valueOf(Boolean.TRUE.equals(logging.includeExecutionData()))));
        logging.destinations().forEach(d -> fields.add(d.cloudWatchLogsLogGroup() == null ? ""
                : d.cloudWatchLogsLogGroup().logGroupArn()));
        return fields;
    }

    @Override
    public void converge(ClusterContext context) {
        SfnClient sfn = context.aws().sfn();
        CreateStateMachineRequest desired = desired(context);
        Optional<StateMachineListItem> found = sfn.listStateMachinesPaginator().stateMachines().stream()
                .filter(m -> m.name().equals(desired.name())).findFirst();
        String arn;
        if (found.isEmpty()) {
            validate(sfn, desired.definition());
            arn = context.aws().sentOnce().sfn().createStateMachine(desired).stateMachineArn();
            context.created(kind(), desired.name());
        } else {
            arn = found.get().stateMachineArn();
            Map<String, String> tags = tags(sfn, arn);
            if (!context.tags().owns(tags)) {
                throw new ResourceConflictException("state machine " + desired.name() + " exists but belongs to "
                        + Optional.ofNullable(tags.get(ClusterTags.CLUSTER)).orElse("no WekaCluster"));
            }
            List<String> changed = new ArrayList<>(differences(sfn.describeStateMachine(r -> r.stateMachineArn(arn)), desired));
            if (!changed.isEmpty()) {
                validate(sfn, desired.definition());
                sfn.updateStateMachine(r -> r.stateMachineArn(arn).definition(desired.definition())
                        .roleArn(desired.roleArn()).loggingConfiguration(desired.loggingConfiguration()));
            }
            Map<String, String> missing = new LinkedHashMap<>();
            desired.tags().forEach(t -> {
                if (!t.value().equals(tags.get(t.key()))) {
                    missing.put(t.key(), t.value());
                }
            });
            if (!missing.isEmpty()) {
                sfn.tagResource(r -> r.resourceArn(arn).tags(ClusterTags.as(missing,
                        (k, v) -> Tag.builder().key(k).value(v).build())));
                changed.add("tags " + String.join(",", missing.keySet()));
            }
            if (!changed.isEmpty()) {
                context.updated(kind(), desired.name(), String.join(", ", changed));
            }
        }
        context.publish(Facts.STATE_MACHINE_ARN, arn);
        context.owns(kind(), desired.name(), arn);
    }

    /** Step Functions lists a machine being deleted as DELETING until its executions have stopped. */
    @Override
    public Removal delete(ClusterContext context) {
        SfnClient sfn = context.aws().sfn();
        String name = context.names().stateMachine();
        Optional<StateMachineListItem> found = sfn.listStateMachinesPaginator().stateMachines().stream()
                .filter(m -> m.name().equals(name)).findFirst();
        if (found.isEmpty()) {
            return Removal.GONE;
        }
        String arn = found.get().stateMachineArn();
        DescribeStateMachineResponse machine = sfn.describeStateMachine(r -> r.stateMachineArn(arn));
        if (machine.status() == StateMachineStatus.DELETING) {
            return Removal.IN_PROGRESS;
        }
        if (!context.tags().owns(tags(sfn, arn))) {
            return Removal.GONE;
        }
        sfn.deleteStateMachine(r -> r.stateMachineArn(arn));
        context.deleted(kind(), name);
        return Removal.IN_PROGRESS;
    }

    /** A definition Step Functions rejects is our bug: say so plainly instead of failing on create. */
    private static void validate(SfnClient sfn, String definition) {
        var result = sfn.validateStateMachineDefinition(r -> r.definition(definition).type(StateMachineType.STANDARD));
        if (result.result() != ValidateStateMachineDefinitionResultCode.OK) {
            throw new IllegalStateException("the scale-down state machine definition is invalid: " + result.diagnostics());
        }
    }

    private static Map<String, String> tags(SfnClient sfn, String arn) {
        return sfn.listTagsForResource(r -> r.resourceArn(arn)).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    }
}
