package io.weka.aws.operator.testenv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Switches the emulator's realism layer on (scripts/moto/realism.py, described in scripts/moto/README.md): faults
 * drawn per request from a seed, IAM propagation, read-after-create NotFound and async states, each with AWS's own
 * status, code and message. Built fluently, then {@link #apply()}; {@link #off()} (or {@link LocalAws#reset()})
 * switches it off, so a test does one of them in {@code @AfterEach}.
 * <pre>
 * RealisticAws.seeded(7)
 *         .fault(Fault.lostAnswer().on("ec2", "RunInstances").times(1))
 *         .fault(Fault.throttle().rate(0.3))
 *         .iamPropagation(Duration.ofSeconds(5))
 *         .apply();
 * </pre>
 */
public final class RealisticAws {
    private static final String CONTROL = "/weka-moto/realism";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long seed;
    private final List<Fault> faults = new ArrayList<>();
    private Duration iamPropagation = Duration.ZERO;
    private Duration readAfterCreate = Duration.ZERO;
    private Duration async = Duration.ZERO;
    private List<String> behavioursIn;

    private RealisticAws(long seed) {
        this.seed = seed;
    }

    /** A configuration whose every random draw comes from {@code seed}: the same calls meet the same faults. */
    public static RealisticAws seeded(long seed) {
        return new RealisticAws(seed);
    }

    /** Adds a fault rule; per request the first matching rule whose draw succeeds is played. */
    public RealisticAws fault(Fault fault) {
        faults.add(fault);
        return this;
    }

    /** A new role, instance profile or policy stays unknown to Lambda, EC2, Auto Scaling, KMS, Step Functions, EventBridge. */
    public RealisticAws iamPropagation(Duration window) {
        this.iamPropagation = window;
        return this;
    }

    /** A new resource's id answers NotFound to reads for this long. */
    public RealisticAws readAfterCreate(Duration window) {
        this.readAfterCreate = window;
        return this;
    }

    /** Lambda Pending/InProgress, DynamoDB CREATING, load balancer provisioning and the other async states last this long. */
    public RealisticAws async(Duration window) {
        this.async = window;
        return this;
    }

    /**
     * Only these services (signing names: lambda, autoscaling, kms, states, events, dynamodb, ...) play their
     * propagation, read-after-create and async behaviours; by default every service does. Faults are not affected.
     */
    public RealisticAws behavioursIn(String... services) {
        this.behavioursIn = List.of(services);
        return this;
    }

    /** The JSON the control endpoint takes (the contract in scripts/moto/README.md). */
    public String toJson() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("seed", seed);
        config.put("faults", faults.stream().map(Fault::toMap).toList());
        config.put("iamPropagationSeconds", seconds(iamPropagation));
        config.put("readAfterCreateSeconds", seconds(readAfterCreate));
        config.put("asyncSeconds", seconds(async));
        if (behavioursIn != null) {
            config.put("behavioursIn", behavioursIn);
        }
        try {
            return JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces the emulator's realism configuration with this one and empties the log of played faults. */
    public void apply() {
        LocalAws.send("POST", CONTROL, toJson());
    }

    /** Moto answers as moto again: no faults, no windows, nothing remembered. */
    public static void off() {
        LocalAws.send("DELETE", CONTROL, "");
    }

    /** What the layer has played since the configuration was applied, in order. */
    public static List<PlayedFault> playedFaults() {
        try {
            return JSON.readValue(LocalAws.send("GET", CONTROL + "/log", ""), new TypeReference<List<PlayedFault>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the realism log is not JSON", e);
        }
    }

    private static double seconds(Duration window) {
        return window.toMillis() / 1000.0;
    }

    /**
     * One fault rule. {@code service} is the request's signing name (ec2, iam, lambda, elasticloadbalancing, ...),
     * {@code action} the API operation; both take fnmatch wildcards.
     */
    public record Fault(String kind, String service, String action, double rate, Integer times, Duration delay) {
        /** The service's own throttling answer (RequestLimitExceeded 503, Throttling 400, TooManyRequestsException 429, ...). */
        public static Fault throttle() {
            return of("throttle");
        }

        /** 500 or 503 with the service's internal-error or unavailable code. */
        public static Fault serverError() {
            return of("server-error");
        }

        /** Answered normally, after {@code delay}. */
        public static Fault slow(Duration delay) {
            return new Fault("slow", "*", "*", 1.0, null, delay);
        }

        /** The connection is dropped before moto sees the request: nothing happens. */
        public static Fault reset() {
            return of("reset");
        }

        /** Moto executes the request, then the connection is dropped without an answer. */
        public static Fault lostAnswer() {
            return of("lost-answer");
        }

        private static Fault of(String kind) {
            return new Fault(kind, "*", "*", 1.0, null, null);
        }

        public Fault on(String service, String action) {
            return new Fault(kind, service, action, rate, times, delay);
        }

        /** The chance, 0..1, that a matching request meets this fault (default 1). */
        public Fault rate(double rate) {
            return new Fault(kind, service, action, rate, times, delay);
        }

        /** Plays this fault at most {@code times} times. */
        public Fault times(int times) {
            return new Fault(kind, service, action, rate, times, delay);
        }

        Map<String, Object> toMap() {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("service", service);
            rule.put("action", action);
            rule.put("kind", kind);
            rule.put("rate", rate);
            if (times != null) {
                rule.put("times", times);
            }
            if (delay != null) {
                rule.put("seconds", seconds(delay));
            }
            return rule;
        }
    }

    /**
     * A fault or behaviour the layer played: {@code kind} is a fault kind or iam-propagation, read-after-create,
     * async; {@code code} the AWS error code answered (null where no answer was given).
     */
    public record PlayedFault(String service, String action, String kind, String code) {
    }
}
