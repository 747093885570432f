package io.weka.aws.operator.resources;

/** Something the spec names in AWS (a subnet, an AMI, a secret) does not exist or cannot be used as asked. */
public class InvalidReferenceException extends RuntimeException {
    public InvalidReferenceException(String message) {
        super(message);
    }
}
