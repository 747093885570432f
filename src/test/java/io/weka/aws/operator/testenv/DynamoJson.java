package io.weka.aws.operator.testenv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Items in DynamoDB JSON (the notation of the console, the CLI and state.tf) as the SDK hands them over. */
public final class DynamoJson {
    private DynamoJson() {
    }

    public static Map<String, AttributeValue> item(String json) {
        try {
            return attributes(new ObjectMapper().readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, AttributeValue> attributes(JsonNode object) {
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> attributes.put(e.getKey(), value(e.getValue())));
        return attributes;
    }

    private static AttributeValue value(JsonNode typed) {
        Map.Entry<String, JsonNode> only = typed.fields().next();
        JsonNode v = only.getValue();
        return switch (only.getKey()) {
            case "S" -> AttributeValue.fromS(v.asText());
            case "N" -> AttributeValue.fromN(v.asText());
            case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "M" -> AttributeValue.fromM(attributes(v));
            case "L" -> AttributeValue.fromL(StreamSupport.stream(v.spliterator(), false).map(DynamoJson::value)
                    .toList());
            default -> throw new IllegalArgumentException("no " + only.getKey() + " attributes in state items");
        };
    }
}
