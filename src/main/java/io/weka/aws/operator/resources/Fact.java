package io.weka.aws.operator.resources;

/**
 * Something one resource learns and others need, such as a role's ARN or the subnet's VPC. Each resource class
 * declares the facts it publishes; the graph orders resources so that a fact is published before it is read.
 */
public record Fact<T>(String name, Class<T> type) {
    public static <T> Fact<T> of(String name, Class<T> type) {
        return new Fact<>(name, type);
    }
}
