package io.weka.aws.operator.testenv;

import io.weka.aws.operator.aws.AwsApiCallMetrics;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Kills the operator, as far as AWS can tell, right after its N-th mutating AWS call: that call reaches AWS and takes
 * effect, its answer is lost, and every later call of the JVM fails before it is sent, until the test "restarts" the
 * operator. The AWS SDK loads it into every client of the test JVM as a global interceptor (the test resource
 * software/amazon/awssdk/global/handlers/execution.interceptors); production code knows nothing of it, and it does
 * nothing unless a test arms it.
 */
public final class OperatorCrash implements ExecutionInterceptor {
    private static final Object LOCK = new Object();
    private static int crashAfter;
    private static String crashAfterCall;
    private static boolean crashed;
    private static List<String> mutatingCalls;

    /** Counts the mutating calls from now on without crashing: how many a whole create makes, and which. */
    public static void record() {
        synchronized (LOCK) {
            crashAfter = 0;
            crashAfterCall = null;
            crashed = false;
            mutatingCalls = new ArrayList<>();
        }
    }

    /** The mutating calls ("Service:Operation") {@code step} makes, in order, nothing crashing meanwhile. */
    public static List<String> mutatingCallsOf(Runnable step) {
        record();
        try {
            step.run();
            return mutatingCalls();
        } finally {
            restart();
        }
    }

    /** Arms the crash: the {@code n}-th mutating call from now on is the operator's last. */
    public static void afterMutatingCalls(int n) {
        record();
        synchronized (LOCK) {
            crashAfter = n;
        }
    }

    /** Arms the crash: the first call {@code call} ("Service:Operation") from now on is the operator's last. */
    public static void rightAfter(String call) {
        record();
        synchronized (LOCK) {
            crashAfterCall = call;
        }
    }

    /** Whether the armed crash has happened. */
    public static boolean happened() {
        synchronized (LOCK) {
            return crashed;
        }
    }

    /** The mutating calls ("Service:Operation") recorded since {@link #record} or the arming, in order. */
    public static List<String> mutatingCalls() {
        synchronized (LOCK) {
            return mutatingCalls == null ? List.of() : List.copyOf(mutatingCalls);
        }
    }

    /** A new operator process: AWS answers again, and nothing is counted any more. */
    public static void restart() {
        synchronized (LOCK) {
            crashAfter = 0;
            crashAfterCall = null;
            crashed = false;
            mutatingCalls = null;
        }
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        synchronized (LOCK) {
            if (crashed) {
                throw killed("the operator is dead: " + call(attributes) + " never left it");
            }
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String call = call(attributes);
        synchronized (LOCK) {
            if (mutatingCalls == null || crashed
                    || !AwsApiCallMetrics.isMutating(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                return;
            }
            mutatingCalls.add(call);
            if (mutatingCalls.size() == crashAfter || call.equals(crashAfterCall)) {
                crashed = true;
                throw killed("the operator died right after " + call + " took effect");
            }
        }
    }

    private static String call(ExecutionAttributes attributes) {
        return attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    }

    private static SdkClientException killed(String message) {
        return SdkClientException.builder().message(message).build();
    }
}
