package io.weka.aws.operator.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Clusterization progress as WEKA's functions keep it in the state item's {@code Value} (go-cloud-lib's
 * {@code ClusterState}): the instances ready for clusterization, per-host progress and error reports, the target
 * and whether the cluster exists. Absent and NULL attributes are empty (Go writes nil maps and lists as NULL);
 * anything of another type is a {@link WekaContractException}.
 */
public record ClusterProgress(boolean clusterized, int target, List<String> readyInstances,
        Map<String, List<String>> progress, Map<String, List<String>> errors) {

    public static ClusterProgress parse(Map<String, AttributeValue> item) {
        AttributeValue value = item.get(StateItem.VALUE);
        if (value == null || value.type() != AttributeValue.Type.M) {
            throw new WekaContractException("the state item has no Value map");
        }
        Map<String, AttributeValue> state = value.m();
        List<String> instances = new ArrayList<>();
        for (AttributeValue instance : list(state, "instances")) {
            if (instance.type() != AttributeValue.Type.M || !isString(instance.m().get("name"))) {
                throw new WekaContractException("state item Value.instances holds an entry without a name");
            }
            instances.add(instance.m().get("name").s());
        }
        return new ClusterProgress(bool(state, "clusterized"), number(state, "clusterization_target"),
                List.copyOf(instances), reports(state, "progress"), reports(state, "errors"));
    }

    /** The {@code limit} newest error reports, "host: HH:MM:SS UTC: message", newest last. */
    public List<String> recentErrors(int limit) {
        List<String[]> all = new ArrayList<>();
        errors.forEach((host, messages) -> messages.forEach(m -> all.add(new String[] {m, host})));
        // Reports start with their time of day, which orders them (up to a day's wrap-around).
        all.sort(Comparator.comparing((String[] e) -> e[0]));
        return all.subList(Math.max(0, all.size() - limit), all.size()).stream().map(e -> e[1] + ": " + e[0])
                .toList();
    }

    /**
     * Hosts still installing, as the status function counts them: they reported progress, their address (decoded
     * from the {@code ip-a-b-c-d} hostname) is a running backend's, and that backend is not ready yet.
     */
    public int inProgress(Map<String, String> runningPrivateIps) {
        if (clusterized) {
            return 0;
        }
        Set<String> ready = Set.copyOf(readyInstances);
        Set<String> readyIps = Set.copyOf(runningPrivateIps.entrySet().stream().filter(e -> ready.contains(e.getKey()))
                .map(Map.Entry::getValue).toList());
        return (int) progress.keySet().stream().map(ClusterProgress::hostIp)
                .filter(ip -> runningPrivateIps.containsValue(ip) && !readyIps.contains(ip)).count();
    }

    static String hostIp(String hostname) {
        String host = hostname.split("[.]", 2)[0];
        return (host.startsWith("ip-") ? host.substring(3) : host).replace('-', '.');
    }

    private static boolean isString(AttributeValue value) {
        return value != null && value.type() == AttributeValue.Type.S;
    }

    private static boolean isAbsent(AttributeValue value) {
        return value == null || value.type() == AttributeValue.Type.NUL;
    }

    private static boolean bool(Map<String, AttributeValue> state, String name) {
        AttributeValue value = state.get(name);
        if (isAbsent(value)) {
            return false;
        }
        if (value.type() != AttributeValue.Type.BOOL) {
            throw malformed(name, "a boolean", value);
        }
        return value.bool();
    }

    private static int number(Map<String, AttributeValue> state, String name) {
        AttributeValue value = state.get(name);
        if (isAbsent(value)) {
            return 0;
        }
        try {
            if (value.type() == AttributeValue.Type.N) {
                return Integer.parseInt(value.n());
            }
        } catch (NumberFormatException e) {
            // reported below like any other wrong type
        }
        throw malformed(name, "a whole number", value);
    }

    private static List<AttributeValue> list(Map<String, AttributeValue> state, String name) {
        AttributeValue value = state.get(name);
        if (isAbsent(value)) {
            return List.of();
        }
        if (value.type() != AttributeValue.Type.L) {
            throw malformed(name, "a list", value);
        }
        return value.l();
    }

    private static Map<String, List<String>> reports(Map<String, AttributeValue> state, String name) {
        AttributeValue value = state.get(name);
        if (isAbsent(value)) {
            return Map.of();
        }
        if (value.type() != AttributeValue.Type.M) {
            throw malformed(name, "a map of hosts to reports", value);
        }
        Map<String, List<String>> reports = new LinkedHashMap<>();
        value.m().forEach((host, messages) -> {
            List<String> texts = new ArrayList<>();
            for (AttributeValue message : list(value.m(), host)) {
                if (!isString(message)) {
                    throw malformed(name + "." + host, "a list of strings", message);
                }
                texts.add(message.s());
            }
            reports.put(host, List.copyOf(texts));
        });
        return Map.copyOf(reports);
    }

    private static WekaContractException malformed(String name, String expected, AttributeValue actual) {
        return new WekaContractException("state item Value." + name + " is not " + expected + " (found "
                + actual.type() + ")");
    }
}
