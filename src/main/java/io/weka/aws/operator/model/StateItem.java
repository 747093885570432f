package io.weka.aws.operator.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The initial clusterization-state item, exactly as the module's {@code state.tf} writes it: WEKA's functions read,
 * lock ({@code Locked}) and rewrite it afterwards, so its shape is their contract, not ours.
 *
 * <pre>
 * {"&lt;hashKey&gt;": {"S": "&lt;key&gt;"}, "Locked": {"BOOL": false},
 *  "Value": {"M": {"initial_size": {"N": n}, "desired_size": {"N": n}, "clusterization_target": {"N": n},
 *                  "instances": {"L": []}, "clusterized": {"BOOL": false}}}}
 * </pre>
 */
public final class StateItem {
    public static final String LOCKED = "Locked";
    public static final String VALUE = "Value";

    private StateItem() {
    }

    /** The item of a state key (backends or NFS gateways) for a group of {@code size} instances. */
    public static Map<String, AttributeValue> initial(String hashKey, String key, int size) {
        String n = Integer.toString(size);
        Map<String, AttributeValue> value = new LinkedHashMap<>();
        value.put("initial_size", AttributeValue.fromN(n));
        value.put("desired_size", AttributeValue.fromN(n));
        value.put("clusterization_target", AttributeValue.fromN(n));
        value.put("instances", AttributeValue.fromL(List.of()));
        value.put("clusterized", AttributeValue.fromBool(false));
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(hashKey, AttributeValue.fromS(key));
        item.put(LOCKED, AttributeValue.fromBool(false));
        item.put(VALUE, AttributeValue.fromM(value));
        return item;
    }

    /** The item in DynamoDB JSON, the notation of {@code state.tf}, pretty-printed in the item's own order. */
    public static String toDynamoJson(Map<String, AttributeValue> item) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(object(item)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode object(Map<String, AttributeValue> attributes) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        attributes.forEach((name, value) -> node.set(name, typed(value)));
        return node;
    }

    private static JsonNode typed(AttributeValue value) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case BOOL -> node.put("BOOL", value.bool());
            case M -> node.set("M", object(value.m()));
            case L -> node.set("L", JsonNodeFactory.instance.arrayNode().addAll(value.l().stream().map(StateItem::typed)
                    .toList()));
            default -> throw new IllegalArgumentException("state items hold no " + value.type() + " attribute");
        }
        return node;
    }
}
