package io.weka.aws.operator.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * The status function's answer to {@code {"type":"status"}} (go-cloud-lib's {@code ClusterStatus}):
 * {@code clusterized} from the state item and, once clusterized, {@code weka_status}, WEKA's own {@code status}
 * through the management function. An empty {@code weka_status} means the management function could not reach
 * WEKA; then {@link #weka()} is empty.
 */
public record WekaStatusReport(boolean clusterized, Optional<Weka> weka) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What of WEKA's status the operator shows. */
    public record Weka(String ioStatus, String release, Integer activeBackends, Integer totalBackends,
            Integer activeClients, Integer activeDrives, Integer totalDrives, Long totalCapacityBytes,
            Long unprovisionedCapacityBytes, Integer activeAlerts) {
    }

    public static WekaStatusReport parse(String payload) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new WekaContractException("the status function answered something that is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new WekaContractException("the status function answered " + describe(root) + ", not an object");
        }
        JsonNode status = root.path("weka_status");
        if (!status.isMissingNode() && !status.isNull() && !status.isObject()) {
            throw new WekaContractException("weka_status in the status function's answer is not an object");
        }
        boolean clusterized = root.path("clusterized").asBoolean(false);
        if (!status.isObject() || status.isEmpty()) {
            return new WekaStatusReport(clusterized, Optional.empty());
        }
        JsonNode hosts = status.path("hosts");
        return new WekaStatusReport(clusterized, Optional.of(new Weka(text(status, "io_status"),
                text(status, "release"), integer(hosts.path("backends"), "active"),
                integer(hosts.path("backends"), "total"), integer(hosts.path("clients"), "active"),
                integer(status.path("drives"), "active"), integer(status.path("drives"), "total"),
                bytes(status.path("capacity"), "total_bytes"), bytes(status.path("capacity"), "unprovisioned_bytes"),
                integer(status, "active_alerts_count"))));
    }

    private static String describe(JsonNode node) {
        return node == null ? "nothing" : "a " + node.getNodeType().name().toLowerCase();
    }

    private static String text(JsonNode parent, String name) {
        JsonNode node = parent.path(name);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw wrong(name, "a string");
        }
        return node.textValue();
    }

    private static Integer integer(JsonNode parent, String name) {
        Long value = bytes(parent, name);
        if (value != null && (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE)) {
            throw wrong(name, "a count");
        }
        return value == null ? null : value.intValue();
    }

    private static Long bytes(JsonNode parent, String name) {
        JsonNode node = parent.path(name);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw wrong(name, "a whole number");
        }
        return node.longValue();
    }

    private static WekaContractException wrong(String name, String expected) {
        return new WekaContractException("weka_status field " + name + " in the status function's answer is not "
                + expected);
    }
}
