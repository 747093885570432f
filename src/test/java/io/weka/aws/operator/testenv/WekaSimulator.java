package io.weka.aws.operator.testenv;

import io.weka.aws.operator.api.v1alpha1.WekaCluster;
import io.weka.aws.operator.model.ClusterNames;
import io.weka.aws.operator.model.StateItem;
import io.weka.aws.operator.model.WekaFunction;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Plays WEKA's functions for one WekaCluster against the AWS emulator, as the real ones react to backends booting:
 * each backend of the cluster's Auto Scaling group reports "Installing weka" into the state item, then registers
 * for clusterization (one per tick, so that progress shows); when the target is reached the cluster is created
 * ({@code clusterized}, instances emptied, as clusterize-finalization does) and the status function answers with
 * WEKA's status (IO started, hosts, drives, capacity), and the admin password is put in its secret, as
 * clusterize does. Afterwards new backends join one per tick. It can be told to hold clusterization, to report
 * errors and to make the status function fail. Test and demo tooling only.
 */
public final class WekaSimulator implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WekaSimulator.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC: '");
    private static final int DRIVES_PER_BACKEND = 2;
    private static final long BYTES_PER_BACKEND = 5_000_000_000_000L;

    private final String region;
    private final String release;
    private final String autoScalingGroup;
    private final String table;
    private final String hashKey;
    private final String key;
    private final String statusFunction;
    private final String adminPasswordSecret;
    private final String adminPassword = "simulated-" + UUID.randomUUID();
    private final DynamoDbClient dynamoDb;
    private final Ec2Client ec2;
    private final SecretsManagerClient secretsManager;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "weka-simulator");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<String> joined = new LinkedHashSet<>();
    private final ConcurrentLinkedQueue<String> errorsToReport = new ConcurrentLinkedQueue<>();
    private volatile boolean clusterizationHeld;
    private volatile boolean statusFails;
    private boolean statusRegistered;

    private WekaSimulator(WekaCluster cluster) {
        ClusterNames names = new ClusterNames(cluster);
        region = cluster.getSpec().region;
        release = cluster.getSpec().weka.version;
        autoScalingGroup = names.autoScalingGroup();
        table = Optional.ofNullable(cluster.getSpec().stateTable.name).orElse(names.stateTable());
        hashKey = cluster.getSpec().stateTable.hashKey;
        key = names.stateKey();
        statusFunction = names.function(WekaFunction.STATUS);
        adminPasswordSecret = names.secret("weka-password");
        LocalAws.endpoint();
        dynamoDb = DynamoDbClient.builder().region(Region.of(region)).build();
        ec2 = Ec2Client.builder().region(Region.of(region)).build();
        secretsManager = SecretsManagerClient.builder().region(Region.of(region)).build();
    }

    /** Starts playing WEKA for the cluster (as stored, with its defaults), one step every {@code tick}. */
    public static WekaSimulator start(WekaCluster cluster, Duration tick) {
        WekaSimulator simulator = new WekaSimulator(cluster);
        simulator.ticker.scheduleWithFixedDelay(simulator::safeTick, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
        return simulator;
    }

    /** Backends keep registering, but the cluster is not created until {@link #releaseClusterization()}. */
    public WekaSimulator holdClusterization() {
        clusterizationHeld = true;
        return this;
    }

    public WekaSimulator releaseClusterization() {
        clusterizationHeld = false;
        return this;
    }

    /** The admin password it sets when it creates the cluster. */
    public String adminPassword() {
        return adminPassword;
    }

    /** The next tick writes {@code message} as an error report of the first backend, as the report function does. */
    public void reportError(String message) {
        errorsToReport.add(message);
    }

    /** The status function fails (a function error) until {@link #recoverStatusFunction()}. */
    public synchronized void failStatusFunction() {
        statusFails = true;
        statusRegistered = false;
    }

    public synchronized void recoverStatusFunction() {
        statusFails = false;
        statusRegistered = false;
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            // The emulator may be reset between tests or the cluster not built yet: the next tick tries again.
            LOG.debugf("WEKA simulator tick for %s: %s", key, e);
        }
    }

    private synchronized void tick() {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(hashKey, AttributeValue.fromS(key)))).item();
        if (item == null || !item.containsKey(StateItem.VALUE)) {
            return;
        }
        Map<String, AttributeValue> value = new LinkedHashMap<>(item.get(StateItem.VALUE).m());
        List<Instance> backends = backends();
        boolean changed = reportErrors(value, backends);
        if (!value.get("clusterized").bool()) {
            changed |= clusterizationStep(value, backends);
        } else {
            joinStep(backends);
        }
        if (changed) {
            dynamoDb.updateItem(r -> r.tableName(table).key(Map.of(hashKey, AttributeValue.fromS(key)))
                    .updateExpression("SET #v = :v").expressionAttributeNames(Map.of("#v", StateItem.VALUE))
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromM(value))));
        }
        if (value.get("clusterized").bool() && !statusRegistered) {
            registerStatus(value);
        }
    }

    /** Install reports for new backends; one backend registers per tick; the target reached creates the cluster. */
    private boolean clusterizationStep(Map<String, AttributeValue> value, List<Instance> backends) {
        Map<String, AttributeValue> progress = new LinkedHashMap<>(map(value, "progress"));
        List<AttributeValue> instances = new ArrayList<>(list(value, "instances"));
        int target = Integer.parseInt(value.get("clusterization_target").n());
        Set<String> ready = new LinkedHashSet<>(instances.stream().map(i -> i.m().get("name").s()).toList());
        boolean changed = false;
        for (Instance backend : backends) {
            String host = hostname(backend);
            if (!progress.containsKey(host)) {
                progress.put(host, AttributeValue.fromL(List.of(AttributeValue.fromS(now() + "Installing weka"))));
                changed = true;
            } else if (!ready.contains(backend.instanceId()) && ready.size() < target && !changed) {
                ready.add(backend.instanceId());
                instances.add(AttributeValue.fromM(Map.of("name", AttributeValue.fromS(backend.instanceId()),
                        "protocol", AttributeValue.fromS(""))));
                List<AttributeValue> reports = new ArrayList<>(progress.get(host).l());
                reports.add(AttributeValue.fromS(now() + "This (" + backend.instanceId() + ") is instance "
                        + ready.size() + "/" + target + " that is ready for clusterization"));
                progress.put(host, AttributeValue.fromL(reports));
                changed = true;
            }
        }
        if (!changed && ready.size() >= target && !clusterizationHeld) {
            secretsManager.putSecretValue(r -> r.secretId(adminPasswordSecret).secretString(adminPassword));
            value.put("clusterized", AttributeValue.fromBool(true));
            instances.clear();
            joined.addAll(ready);
            changed = true;
        }
        value.put("progress", AttributeValue.fromM(progress));
        value.put("instances", AttributeValue.fromL(instances));
        return changed;
    }

    /** After clusterization: one new backend joins per tick; backends gone leave WEKA. */
    private void joinStep(List<Instance> backends) {
        Set<String> running = new LinkedHashSet<>(backends.stream().map(Instance::instanceId).toList());
        if (joined.retainAll(running)) {
            statusRegistered = false;
        }
        running.stream().filter(id -> !joined.contains(id)).findFirst().ifPresent(id -> {
            joined.add(id);
            statusRegistered = false;
        });
    }

    private boolean reportErrors(Map<String, AttributeValue> value, List<Instance> backends) {
        if (errorsToReport.isEmpty() || backends.isEmpty()) {
            return false;
        }
        Map<String, AttributeValue> errors = new LinkedHashMap<>(map(value, "errors"));
        String host = hostname(backends.get(0));
        List<AttributeValue> reports = new ArrayList<>(errors.containsKey(host) ? errors.get(host).l() : List.of());
        for (String message = errorsToReport.poll(); message != null; message = errorsToReport.poll()) {
            reports.add(AttributeValue.fromS(now() + message));
        }
        errors.put(host, AttributeValue.fromL(reports));
        value.put("errors", AttributeValue.fromM(errors));
        return true;
    }

    private void registerStatus(Map<String, AttributeValue> value) {
        if (statusFails) {
            LocalAws.registerFunctionResponse(region, statusFunction, Map.of("error", "Unhandled", "payload",
                    Map.of("errorType", "errorString", "errorMessage", "simulated failure of the status function")));
        } else {
            int n = joined.size();
            Map<String, Object> weka = new LinkedHashMap<>();
            weka.put("io_status", "STARTED");
            weka.put("status", "OK");
            weka.put("release", release);
            weka.put("hosts", Map.of("backends", Map.of("active", n, "total", n),
                    "clients", Map.of("active", 0, "total", 0), "active_count", n, "total_count", n));
            weka.put("drives", Map.of("active", n * DRIVES_PER_BACKEND, "total", n * DRIVES_PER_BACKEND));
            weka.put("capacity", Map.of("total_bytes", n * BYTES_PER_BACKEND, "hot_spare_bytes", BYTES_PER_BACKEND,
                    "unprovisioned_bytes", (n - 1) * BYTES_PER_BACKEND));
            weka.put("active_alerts_count", 0);
            LocalAws.registerFunctionResponse(region, statusFunction, Map.of("payload", Map.of(
                    "initial_size", Integer.parseInt(value.get("initial_size").n()),
                    "desired_size", Integer.parseInt(value.get("desired_size").n()),
                    "clusterized", true, "weka_status", weka)));
        }
        statusRegistered = true;
    }

    /** The group's pending and running backends, oldest first (the order WEKA sees them boot). */
    private List<Instance> backends() {
        return ec2.describeInstancesPaginator(r -> r.filters(
                        f -> f.name("tag:aws:autoscaling:groupName").values(autoScalingGroup),
                        f -> f.name("instance-state-name").values("pending", "running")))
                .reservations().stream().flatMap(r -> r.instances().stream())
                .sorted(Comparator.comparing(Instance::launchTime).thenComparing(Instance::instanceId)).toList();
    }

    private static String hostname(Instance backend) {
        return "ip-" + backend.privateIpAddress().replace('.', '-') + ".ec2.internal";
    }

    private static String now() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(TIME);
    }

    private static Map<String, AttributeValue> map(Map<String, AttributeValue> value, String name) {
        AttributeValue attribute = value.get(name);
        return attribute != null && attribute.hasM() ? attribute.m() : Map.of();
    }

    private static List<AttributeValue> list(Map<String, AttributeValue> value, String name) {
        AttributeValue attribute = value.get(name);
        return attribute != null && attribute.hasL() ? attribute.l() : List.of();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        dynamoDb.close();
        ec2.close();
        secretsManager.close();
    }
}
