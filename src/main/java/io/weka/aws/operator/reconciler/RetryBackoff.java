package io.weka.aws.operator.reconciler;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long a cluster waits before the next try after a failed reconcile: 5 s, doubling with each failure in a row up
 * to 5 minutes, each delay moved by up to 20 % either way so that clusters failing together (a throttled account, an
 * AWS outage) do not retry together; the first success starts again from 5 s. Counted in memory per cluster.
 */
public final class RetryBackoff {
    public static final Duration FIRST = Duration.ofSeconds(5);
    public static final Duration CAP = Duration.ofMinutes(5);
    public static final double JITTER = 0.2;
    private final Random random;
    private final Map<String, Integer> failuresInARow = new ConcurrentHashMap<>();

    public RetryBackoff(Random random) {
        this.random = random;
    }

    /** One more failure of this cluster: the delay before its next try. */
    public Duration afterFailure(String cluster) {
        return delay(failuresInARow.merge(cluster, 1, Integer::sum));
    }

    /** The cluster reconciled without failure: its next failure waits the first delay again. */
    public void reset(String cluster) {
        failuresInARow.remove(cluster);
    }

    private Duration delay(int failures) {
        long capped = failures > 16 ? CAP.toMillis()
                : Math.min(CAP.toMillis(), FIRST.toMillis() << (failures - 1));
        double factor = 1 + JITTER * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.round(capped * factor));
    }
}
