package io.weka.aws.operator.resources;

import io.weka.aws.operator.resources.ec2.NetworkResource;
import io.weka.aws.operator.resources.ec2.PlacementGroupResource;
import java.util.List;

/** Every AWS resource of a cluster's backends, as the Terraform module creates them; the graph orders them. */
public final class BackendStack {
    private BackendStack() {
    }

    public static ConvergenceGraph graph() {
        return new ConvergenceGraph(List.of(
                new NetworkResource(),
                new PlacementGroupResource()));
    }
}
