package io.weka.aws.operator.reconciler;

/** Something the spec refers to is missing or unusable; the user has to fix it before a retry can succeed. */
public class ClusterConfigurationException extends RuntimeException {
    private final String reason;

    public ClusterConfigurationException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
