package io.weka.aws.operator.resources;

import io.weka.aws.operator.api.v1alpha1.WekaClusterSpec;
import io.weka.aws.operator.model.InstanceGroup;

/**
 * One AWS resource kind of an optional instance group (clients, a protocol's gateways, data services): the same
 * class serves every group, told apart by {@link InstanceGroup}; its kind is the group's, e.g. "SmbGatewaysInstances".
 */
public abstract class InstanceGroupResource implements AwsResource {
    protected final InstanceGroup group;
    private final String kind;

    protected InstanceGroupResource(InstanceGroup group, String kind) {
        this.group = group;
        this.kind = group.kind() + kind;
    }

    @Override
    public final String kind() {
        return kind;
    }

    /** On while the spec has the group; subclasses narrow it to one way of running it. */
    @Override
    public boolean wanted(WekaClusterSpec spec) {
        return group.wanted(spec);
    }
}
