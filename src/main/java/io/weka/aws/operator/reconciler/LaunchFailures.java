package io.weka.aws.operator.reconciler;

import io.weka.aws.operator.aws.AwsErrors;
import io.weka.aws.operator.aws.AwsSession;
import io.weka.aws.operator.model.InstanceGroup;
import io.weka.aws.operator.resources.ClusterContext;
import io.weka.aws.operator.resources.GroupFacts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.ScalingActivityStatusCode;

/**
 * Why an Auto Scaling group cannot launch the instances it is asked for. AWS accepts the capacity change and tells a
 * refused launch only in the group's scaling activities (realism catalogue rows 21 to 26): an activity with
 * StatusCode Failed whose StatusMessage is EC2's answer, e.g. no i3en capacity in the zone or a vCPU quota reached.
 */
public final class LaunchFailures {
    /** Enough to reach back past the retries AWS makes between two passes, to the last launch that succeeded. */
    static final int ACTIVITIES_READ = 10;
    private static final Logger LOG = Logger.getLogger(LaunchFailures.class);
    /** When the StatusMessage matches none of {@link #CODES}. */
    public static final String UNKNOWN_CODE = "LaunchFailed";
    /**
     * A fresh instance profile that EC2 does not see yet: AWS retries the launch and it succeeds within seconds,
     * so the Terraform provider skips these activities too (row 21).
     */
    private static final String PROFILE_PROPAGATING = "Invalid IAM Instance Profile";
    /** EC2's error code for what its message says; activities carry the message only. */
    private static final Map<String, String> CODES = Map.of(
            "We currently do not have sufficient", "InsufficientInstanceCapacity",
            "more vCPU capacity than your current vCPU limit", "VcpuLimitExceeded",
            "is not supported in your requested Availability Zone", "Unsupported",
            "is in use in another availability zone", "InvalidPlacementGroupInUse",
            "may not be specified on the same request", "InvalidParameterCombination");

    /** A group's launches fail: {@code code} is EC2's error code (one word), {@code message} AWS's StatusMessage. */
    public record LaunchFailure(String group, String code, String message) {
        /** For a condition's or an event's message: the group, then AWS's own words. */
        public String describe() {
            return "Auto Scaling group " + group + " cannot launch instances: " + message;
        }
    }

    /**
     * What a pass saw of some Auto Scaling groups: whether the spec wants any, whether they were looked at (a pass
     * that did not reach them leaves what was said before), and the failures of those whose launches fail.
     */
    public record Launches(boolean wanted, boolean observed, List<LaunchFailure> failures) {
        public static final Launches NOT_WANTED = new Launches(false, false, List.of());
        public static final Launches NOT_OBSERVED = new Launches(true, false, List.of());
    }

    private LaunchFailures() {
    }

    /** The backends' group, {@code group} (null: not reached this pass), lacking instances or not. */
    public static Launches backends(AwsSession aws, String group, boolean lacksInstances) {
        if (group == null) {
            return Launches.NOT_OBSERVED;
        }
        try {
            return new Launches(true, true, observe(aws, group, lacksInstances).stream().toList());
        } catch (SdkException e) {
            unreadable(group, e);
            return Launches.NOT_OBSERVED;
        }
    }

    /**
     * The instance groups that run in an Auto Scaling group; one that lacks instances (fewer IPs than its count) is
     * looked at. A group the pass did not converge is not observed, so its previous report stands.
     */
    static Launches instanceGroups(AwsSession aws, ClusterContext context) {
        List<InstanceGroup> wanted = Arrays.stream(InstanceGroup.values())
                .filter(g -> g.wanted(context.spec()) && g.autoScaling(context.spec())).toList();
        if (wanted.isEmpty()) {
            return Launches.NOT_WANTED;
        }
        boolean observed = true;
        List<LaunchFailure> failures = new ArrayList<>();
        for (InstanceGroup group : wanted) {
            Optional<String> name = context.find(GroupFacts.groupName(group, true));
            if (name.isEmpty()) {
                observed = false;
                continue;
            }
            int launched = context.find(GroupFacts.ips(group, true)).map(List::size).orElse(0);
            try {
                observe(aws, name.get(), launched < group.count(context.spec())).ifPresent(failures::add);
            } catch (SdkException e) {
                unreadable(name.get(), e);
                observed = false;
            }
        }
        // A failure seen is said even when another group was not reached this pass.
        return new Launches(true, observed || !failures.isEmpty(), failures);
    }

    /**
     * Activities are a diagnosis, not a step of the convergence: a refused or throttled read fails nothing, and
     * what status said stands until a later pass can read them.
     */
    private static void unreadable(String group, SdkException e) {
        LOG.warnf("could not read the scaling activities of Auto Scaling group %s: %s", group, AwsErrors.describe(e));
    }

    /**
     * The group's launch failure, if its latest launches failed; asks AWS only when the group lacks instances
     * (a group that has them all has nothing left to fail), with one DescribeScalingActivities call.
     */
    static Optional<LaunchFailure> observe(AwsSession aws, String group, boolean lacksInstances) {
        if (!lacksInstances) {
            return Optional.empty();
        }
        return latest(group, aws.autoScaling().describeScalingActivities(r -> r.autoScalingGroupName(group)
                .maxRecords(ACTIVITIES_READ)).activities());
    }

    /**
     * The newest failed launch among {@code newestFirst} (AWS's order) that no successful one followed: once a
     * launch succeeds, the failures before it are over.
     */
    public static Optional<LaunchFailure> latest(String group, List<Activity> newestFirst) {
        for (Activity activity : newestFirst) {
            if (activity.statusCode() == ScalingActivityStatusCode.SUCCESSFUL) {
                return Optional.empty();
            }
            String message = Optional.ofNullable(activity.statusMessage()).orElse("");
            if (activity.statusCode() == ScalingActivityStatusCode.FAILED && !message.contains(PROFILE_PROPAGATING)) {
                return Optional.of(new LaunchFailure(group, code(message), message.isEmpty()
                        ? Optional.ofNullable(activity.description()).orElse("the launch failed") : message));
            }
        }
        return Optional.empty();
    }

    /** EC2's error code for a failed launch's StatusMessage; {@link #UNKNOWN_CODE} when it is none of those known. */
    public static String code(String statusMessage) {
        return CODES.entrySet().stream().filter(e -> statusMessage.contains(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(UNKNOWN_CODE);
    }
}
