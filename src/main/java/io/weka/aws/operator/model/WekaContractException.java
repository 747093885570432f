package io.weka.aws.operator.model;

/**
 * What WEKA's functions wrote or answered does not have the shape this operator reads (the state item, the status
 * function's response): a version mismatch or a broken function, reported as a condition, never retried hot.
 */
public class WekaContractException extends RuntimeException {
    public WekaContractException(String message) {
        super(message);
    }
}
