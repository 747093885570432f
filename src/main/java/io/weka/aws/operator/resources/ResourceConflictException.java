package io.weka.aws.operator.resources;

/**
 * A resource with one of this cluster's deterministic names exists but is not this cluster's (its identity tags
 * say otherwise, or it cannot be changed into what the spec asks). Never taken over silently; needs a person.
 */
public class ResourceConflictException extends RuntimeException {
    public ResourceConflictException(String message) {
        super(message);
    }
}
