package io.weka.aws.operator.api.v1alpha1.status;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One AWS resource this cluster owns. */
public class ResourceStatus {
    @JsonPropertyDescription("Kind, e.g. AutoScalingGroup.")
    public String kind;

    @JsonPropertyDescription("Name or ID.")
    public String name;

    @JsonPropertyDescription("ARN, where AWS has one.")
    public String arn;

    @JsonPropertyDescription("Ready, Pending, Deleting or Failed.")
    public String state;

    public ResourceStatus() {
    }

    public ResourceStatus(String kind, String name, String arn, String state) {
        this.kind = kind;
        this.name = name;
        this.arn = arn;
        this.state = state;
    }
}
