package io.weka.aws.operator.resources.iam;

import io.weka.aws.operator.model.ClusterNames;
import io.weka.aws.operator.model.IamPolicies;
import io.weka.aws.operator.resources.AwsResource;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.Fact;
import io.weka.aws.operator.resources.Facts;
import io.weka.aws.operator.resources.Removal;
import io.weka.aws.operator.resources.iam.IamRoles.DesiredPolicy;
import io.weka.aws.operator.resources.iam.IamRoles.DesiredRole;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The role EventBridge starts the scale-down state machine with, {@code <iam>-<cluster>-event-role}
 * ({@code modules/iam/event.tf}; trusted by events and states, as the module does), with {@code -event-policy}:
 * states:StartExecution on that state machine. With {@code spec.iam.eventsRoleArn} that role is used and nothing is
 * created.
 */
public final class EventsRoleResource implements AwsResource {
    static final String ROLE = "event-role";

    @Override
    public String kind() {
        return "EventsRole";
    }

    @Override
    public Set<Fact<?>> publishes() {
        return Set.of(Facts.EVENTS_ROLE_ARN);
    }

    static DesiredRole desired(ClusterContext context) {
        ClusterNames names = context.names();
        IamPolicies documents = new IamPolicies(context.spec(), names);
        return new DesiredRole(names.iam(ROLE), IamPolicies.eventsTrust(),
                List.of(new DesiredPolicy(names.iam("event-policy"), documents.eventsPolicy())), List.of(), List.of());
    }

    @Override
    public void converge(ClusterContext context) {
        String existing = Optional.ofNullable(context.spec().iam).map(i -> i.eventsRoleArn).orElse(null);
        context.publish(Facts.EVENTS_ROLE_ARN,
                existing != null ? existing : new IamRoles(context).converge(desired(context)));
    }

    @Override
    public Removal delete(ClusterContext context) {
        return new IamRoles(context).delete(desired(context));
    }
}
