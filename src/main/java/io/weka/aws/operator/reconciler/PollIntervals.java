package io.weka.aws.operator.reconciler;

import io.weka.aws.operator.api.v1alpha1.status.Phase;
import java.time.Duration;

/**
 * How soon a cluster is looked at again: often while something is happening (provisioning, clusterizing, scaling),
 * rarely once it is Ready. Changes to the WekaCluster itself trigger a reconcile at once either way.
 */
public record PollIntervals(Duration active, Duration stable) {
    Duration after(Phase phase) {
        return phase == Phase.Ready ? stable : active;
    }
}
