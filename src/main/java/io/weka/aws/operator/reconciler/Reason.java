package io.weka.aws.operator.reconciler;

/** Condition reasons: one word each, so that alerts and Argo CD health checks can match on them. */
public final class Reason {
    public static final String RECONCILED = "Reconciled";
    public static final String PROVISIONING = "Provisioning";
    public static final String CLUSTERIZING = "Clusterizing";
    public static final String PAUSED = "ReconciliationPaused";
    public static final String NOT_PAUSED = "ReconciliationActive";
    public static final String WAITING_FOR_INFRASTRUCTURE = "WaitingForInfrastructure";
    public static final String NOT_CLUSTERIZED = "NotClusterized";
    public static final String TOKEN_SECRET_NOT_FOUND = "TokenSecretNotFound";
    public static final String CREDENTIALS_SECRET_INVALID = "CredentialsSecretInvalid";
    public static final String AWS_AUTHENTICATION_FAILED = "AwsAuthenticationFailed";
    public static final String AWS_UNAVAILABLE = "AwsUnavailable";
    public static final String RESOURCE_CONFLICT = "ResourceConflict";
    public static final String INVALID_REFERENCE = "InvalidReference";
    public static final String AWS_REQUEST_REFUSED = "AwsRequestRefused";
    public static final String AWS_RESOURCES_FAILED = "AwsResourcesFailed";
    /** Something the operator did not expect; the operator's log has the stack trace. */
    public static final String UNEXPECTED_ERROR = "UnexpectedError";
    /** AWS is still removing resources the spec no longer wants, or that a deletion removes. */
    public static final String REMOVING_RESOURCES = "RemovingResources";

    private Reason() {
    }
}
