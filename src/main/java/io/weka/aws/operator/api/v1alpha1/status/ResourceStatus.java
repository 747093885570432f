package io.weka.aws.operator.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One AWS resource this cluster owns. */
public class ResourceStatus {
    /** The state of a resource that exists but does not do its job, e.g. an Auto Scaling group AWS cannot fill. */
    public static final String DEGRADED = "Degraded";

    @JsonPropertyDescription("Kind, e.g. AutoScalingGroup.")
    public String kind;

    @JsonPropertyDescription("Name or ID.")
    public String name;

    @JsonPropertyDescription("ARN, where AWS has one.")
    public String arn;

    @JsonPropertyDescription("Ready, Pending, Degraded (it exists but does not do its job, e.g. an Auto Scaling "
            + "group whose launches AWS refuses: see message), Deleting or Failed.")
    public String state;

    @JsonPropertyDescription("Why the state is not Ready, in AWS's words where AWS gave them, e.g. the "
            + "StatusMessage of an Auto Scaling group's failed launch.")
    public String message;

    public ResourceStatus() {
    }

    public ResourceStatus(String kind, String name, String arn, String state) {
        this.kind = kind;
        this.name = name;
        this.arn = arn;
        this.state = state;
    }

    public ResourceStatus(String kind, String name, String arn, String state, String message) {
        this(kind, name, arn, state);
        this.message = message;
    }
}
