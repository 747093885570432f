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
    /** An older WekaCluster has the same prefix and cluster name, so the same AWS names: this one waits. */
    public static final String NAME_CONFLICT = "NameConflict";
    public static final String INVALID_REFERENCE = "InvalidReference";
    public static final String AWS_REQUEST_REFUSED = "AwsRequestRefused";
    /**
     * AWS has not yet got past something it gets past by itself (a new role not yet known to Lambda, a table still
     * CREATING), and the window it is known to take has not passed: not a failure yet.
     */
    public static final String WAITING_FOR_AWS = "WaitingForAws";
    /** Such a wait has lasted longer than AWS is known to take: a failure, still retried. */
    public static final String AWS_WAIT_EXCEEDED = "AwsWaitExceeded";
    public static final String AWS_RESOURCES_FAILED = "AwsResourcesFailed";
    /** Something the operator did not expect; the operator's log has the stack trace. */
    public static final String UNEXPECTED_ERROR = "UnexpectedError";
    /** AWS is still removing resources the spec no longer wants, or that a deletion removes. */
    public static final String REMOVING_RESOURCES = "RemovingResources";
    /** WEKA's functions have created the cluster (state item: clusterized). */
    public static final String CLUSTERIZED = "Clusterized";
    /** The state item cannot be read, or does not have the shape WEKA's functions write. */
    public static final String STATE_UNREADABLE = "StateUnreadable";
    /** WEKA reports IO started. */
    public static final String IO_STARTED = "IoStarted";
    /** WEKA answers, but its IO is not started. */
    public static final String IO_NOT_STARTED = "IoNotStarted";
    /** The status function could not be invoked or failed. */
    public static final String STATUS_FUNCTION_FAILED = "StatusFunctionFailed";
    /** The status function answered something the operator cannot read. */
    public static final String STATUS_UNREADABLE = "StatusUnreadable";
    /** The status function answered without WEKA's status: the management function could not reach WEKA. */
    public static final String WEKA_UNREACHABLE = "WekaUnreachable";
    /** A backends.count change waits until WEKA has clusterized the backends it started with. */
    public static final String CLUSTERIZATION_IN_PROGRESS = "ClusterizationInProgress";
    /** The Auto Scaling group has the backends.count of the spec. */
    public static final String COUNT_APPLIED = "CountApplied";
    /**
     * (BackendsLaunching, InstanceGroupsLaunching = True) No launch has failed since the last one that succeeded. When
     * False, the reason is EC2's error code read from the failed scaling activity (see LaunchFailures).
     */
    public static final String INSTANCES_LAUNCHED = "InstancesLaunched";
    /** (CsiSecretReady=True) the WEKA CSI plugin's Secret holds the cluster's current endpoints and credentials. */
    public static final String CSI_SECRET_WRITTEN = "CsiSecretWritten";
    /** The admin password secret is still empty: WEKA's clusterize function sets it. */
    public static final String ADMIN_PASSWORD_NOT_SET = "AdminPasswordNotSet";
    /** The Kubernetes API refused to write the WEKA CSI plugin's Secret. */
    public static final String CSI_SECRET_WRITE_FAILED = "CsiSecretWriteFailed";
    /** (PreflightPassed=True) the account's quotas, the zones and the functions' code fit the spec. */
    public static final String PREFLIGHT_PASSED = "ChecksPassed";
    /** The On-Demand vCPU quota of an instance family is smaller than what the spec's instances need. */
    public static final String VCPU_QUOTA_EXCEEDED = "VcpuQuotaExceeded";
    /** An instance type is not offered in the availability zone of its subnet. */
    public static final String INSTANCE_TYPE_NOT_OFFERED = "InstanceTypeNotOffered";
    /** The load balancer's subnets would be in one availability zone; an application load balancer needs two. */
    public static final String LOAD_BALANCER_ONE_ZONE = "LoadBalancerOneZone";
    /** The functions' zip cannot be read from S3 (missing, refused, another region). */
    public static final String FUNCTION_CODE_UNREADABLE = "FunctionCodeUnreadable";
    /** More than one preflight check failed; the message lists each. */
    public static final String PREFLIGHT_FAILED = "PreflightFailed";

    private Reason() {
    }
}
