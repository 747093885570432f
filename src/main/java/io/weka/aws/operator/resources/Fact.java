package io.weka.aws.operator.resources;

import java.util.List;
import java.util.Map;

/**
 * Something one resource learns and others need, such as a role's ARN or the subnet's VPC. Resources declare the
 * facts they need and publish (see {@link Facts}); the graph runs each producer before the facts' consumers.
 */
public record Fact<T>(String name, Class<?> type) {
    public static <T> Fact<T> of(String name, Class<T> type) {
        return new Fact<>(name, type);
    }

    public static Fact<List<String>> ofList(String name) {
        return new Fact<>(name, List.class);
    }

    public static <V> Fact<Map<String, V>> ofMap(String name) {
        return new Fact<>(name, Map.class);
    }

    @SuppressWarnings("unchecked")
    T cast(Object value) {
        return (T) type.cast(value);
    }
}
