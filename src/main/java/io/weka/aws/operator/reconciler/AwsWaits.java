package io.weka.aws.operator.reconciler;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each failure that AWS gets past by itself (a new role not yet known to Lambda, a table still CREATING) was
 * first seen, per cluster, resource and AWS error code: the start of its window. A failure that stops happening is
 * forgotten, so the next time it happens its window starts anew. Kept in memory: a restart of the operator restarts
 * every window.
 */
public final class AwsWaits {
    private final Clock clock;
    private final Map<String, Map<String, Instant>> firstSeen = new ConcurrentHashMap<>();

    public AwsWaits(Clock clock) {
        this.clock = clock;
    }

    /** One reconcile of a cluster: the failures it sees; those of earlier passes it does not see are forgotten. */
    public Pass pass(String cluster) {
        return new Pass(cluster);
    }

    public void forget(String cluster) {
        firstSeen.remove(cluster);
    }

    public final class Pass {
        private final String cluster;
        private final Set<String> seen = new HashSet<>();
        private boolean everyResourceJudged;

        private Pass(String cluster) {
            this.cluster = cluster;
        }

        /** When this resource first failed with this code, in this pass or the ones without a break before. */
        Instant since(String resource, String code) {
            String key = resource + "/" + code;
            seen.add(key);
            return firstSeen.computeIfAbsent(cluster, c -> new ConcurrentHashMap<>()).computeIfAbsent(key,
                    k -> clock.instant().truncatedTo(ChronoUnit.SECONDS));
        }

        Instant now() {
            return clock.instant();
        }

        /** Every resource of the cluster has been looked at in this pass: what did not fail again has passed. */
        public void everyResourceJudged() {
            everyResourceJudged = true;
        }

        /**
         * Forgets what this pass did not see again, once it has looked at every resource; a pass cut short (a
         * throttled STS before any resource) forgets nothing.
         */
        public void end() {
            Map<String, Instant> windows = firstSeen.get(cluster);
            if (everyResourceJudged && windows != null) {
                windows.keySet().retainAll(seen);
            }
        }
    }
}
