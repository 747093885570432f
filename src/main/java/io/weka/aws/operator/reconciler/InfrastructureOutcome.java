package io.weka.aws.operator.reconciler;

import io.weka.aws.operator.aws.AwsErrors;
import io.weka.aws.operator.aws.AwsFailureClass;
import io.weka.aws.operator.resources.ConvergenceGraph;
import io.weka.aws.operator.resources.InvalidReferenceException;
import io.weka.aws.operator.resources.ResourceConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What a convergence of the infrastructure means for status: converged, or not with a reason and a message naming
 * each failed resource with AWS's code and message, and a {@link Verdict}: what is retried, and what the phase says.
 */
public record InfrastructureOutcome(boolean converged, String reason, String message, Verdict verdict) {

    /** Ordered from the least to the most serious: the most serious failure of a pass decides the pass's. */
    public enum Verdict {
        /** Nothing failed. */
        CONVERGED,
        /** AWS is getting past it by itself (inside its window), or still removing something: looked at again soon. */
        WAITING,
        /** Throttling, 5xx, a dropped connection: retried with backoff. */
        RETRYING,
        /** A failure, phase Failed, and retried with backoff all the same (unlisted, or a wait past its window). */
        FAILING,
        /** Phase Failed, and not retried until the spec or a referenced Secret changes. */
        TERMINAL;

        /** Whether the phase is Failed. */
        public boolean failed() {
            return this == FAILING || this == TERMINAL;
        }
    }

    /** One failed resource, judged. */
    private record Judged(Verdict verdict, String reason, String message) {
    }

    public static InfrastructureOutcome of(ConvergenceGraph.Result result, AwsWaits.Pass waits) {
        waits.everyResourceJudged();
        if (result.converged()) {
            return new InfrastructureOutcome(true, Reason.RECONCILED, "every AWS resource matches the spec",
                    Verdict.CONVERGED);
        }
        if (result.failures().isEmpty()) {
            return new InfrastructureOutcome(false, Reason.REMOVING_RESOURCES, "AWS is still removing "
                    + String.join(", ", result.removing().stream().sorted().toList()) + waitingOn(result),
                    Verdict.WAITING);
        }
        List<Judged> judged = new TreeMap<>(result.failures()).entrySet().stream()
                .map(e -> judge(e.getKey(), e.getValue(), waits)).toList();
        String message = judged.stream().map(Judged::message).collect(Collectors.joining("; "));
        return summarise(judged, message + waitingOn(result));
    }

    /** A failure outside the resources' convergence (proving the credentials, reading the backends). */
    public static InfrastructureOutcome ofFailure(String what, RuntimeException e, AwsWaits.Pass waits) {
        Judged judged = judge(what, e, waits);
        return summarise(List.of(judged), judged.message());
    }

    private static InfrastructureOutcome summarise(List<Judged> judged, String message) {
        Verdict worst = judged.stream().map(Judged::verdict).max(Comparator.naturalOrder()).orElseThrow();
        boolean allTerminal = judged.stream().allMatch(j -> j.verdict() == Verdict.TERMINAL);
        Verdict verdict = allTerminal ? Verdict.TERMINAL : worst == Verdict.TERMINAL ? Verdict.FAILING : worst;
        List<String> reasons = judged.stream().filter(j -> j.verdict() == worst).map(Judged::reason).distinct()
                .toList();
        return new InfrastructureOutcome(false, reasons.size() == 1 ? reasons.get(0) : Reason.AWS_RESOURCES_FAILED,
                message, verdict);
    }

    private static String waitingOn(ConvergenceGraph.Result result) {
        return result.blocked().isEmpty() ? ""
                : " (waiting on them: " + String.join(", ", result.blocked().stream().sorted().toList()) + ")";
    }

    private static Judged judge(String resource, RuntimeException e, AwsWaits.Pass waits) {
        if (e instanceof ResourceConflictException) {
            return new Judged(Verdict.TERMINAL, Reason.RESOURCE_CONFLICT, resource + ": " + e.getMessage());
        }
        if (e instanceof InvalidReferenceException) {
            return new Judged(Verdict.TERMINAL, Reason.INVALID_REFERENCE, resource + ": " + e.getMessage());
        }
        if (!(e instanceof SdkException sdk)) {
            return new Judged(Verdict.FAILING, Reason.AWS_RESOURCES_FAILED, resource + ": " + e.getMessage());
        }
        AwsFailureClass failure = AwsFailureClass.of(sdk);
        String aws = resource + ": " + AwsErrors.describe(sdk);
        return switch (failure.kind()) {
            case TRANSIENT -> new Judged(Verdict.RETRYING, Reason.AWS_UNAVAILABLE, aws);
            case TERMINAL -> new Judged(Verdict.TERMINAL, refused(sdk), aws);
            case UNLISTED -> new Judged(Verdict.FAILING, refused(sdk), aws);
            case PROPAGATING, NOT_READY, IN_USE -> {
                Instant since = waits.since(resource, AwsFailureClass.code(sdk).orElse("none"));
                boolean inWindow = Duration.between(since, waits.now()).compareTo(failure.window()) <= 0;
                yield inWindow
                        ? new Judged(Verdict.WAITING, Reason.WAITING_FOR_AWS, aws + " (waiting for AWS since " + since
                                + ", for up to " + minutes(failure.window()) + ": " + failure.cause() + ")")
                        : new Judged(Verdict.FAILING, Reason.AWS_WAIT_EXCEEDED, aws + " (since " + since + ": longer "
                                + "than the " + minutes(failure.window()) + " AWS is known to take where "
                                + failure.cause() + "; still retried)");
            }
        };
    }

    /** Refused credentials are said as such; any other refusal names the request. */
    private static String refused(SdkException e) {
        return "sts".equals(AwsFailureClass.service(e)) ? Reason.AWS_AUTHENTICATION_FAILED : Reason.AWS_REQUEST_REFUSED;
    }

    private static String minutes(Duration window) {
        return window.toMinutes() + " min";
    }
}
