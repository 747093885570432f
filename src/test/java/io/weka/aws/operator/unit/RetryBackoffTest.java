package io.weka.aws.operator.unit;

import static org.assertj.core.api.Assertions.assertThat;

import io.weka.aws.operator.reconciler.RetryBackoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Retries back off from 5 s, doubling to 5 minutes, each moved by up to 20 %; a success starts again. */
class RetryBackoffTest {

    @Test
    void doublesFromFiveSecondsToFiveMinutesWithinTheJitter() {
        RetryBackoff backoff = new RetryBackoff(new Random(7));
        long[] expectedSeconds = {5, 10, 20, 40, 80, 160, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300,
            300, 300};

        for (long base : expectedSeconds) {
            Duration delay = backoff.afterFailure("cluster");
            assertThat(delay.toMillis()).as("about %d s", base).isBetween(base * 800, base * 1200);
        }
    }

    @Test
    void jitterSpreadsClustersThatFailTogether() {
        RetryBackoff backoff = new RetryBackoff(new Random(7));
        List<Duration> first = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            first.add(backoff.afterFailure("cluster-" + i));
        }

        assertThat(first).doesNotHaveDuplicates();
        assertThat(first).anySatisfy(d -> assertThat(d).isLessThan(Duration.ofSeconds(5)))
                .anySatisfy(d -> assertThat(d).isGreaterThan(Duration.ofSeconds(5)));
    }

    @Test
    void theSameSeedGivesTheSameDelays() {
        RetryBackoff one = new RetryBackoff(new Random(42));
        RetryBackoff other = new RetryBackoff(new Random(42));

        for (int i = 0; i < 8; i++) {
            assertThat(one.afterFailure("cluster")).isEqualTo(other.afterFailure("cluster"));
        }
    }

    @Test
    void aSuccessStartsAgainFromTheFirstDelay() {
        RetryBackoff backoff = new RetryBackoff(new Random(7));
        for (int i = 0; i < 6; i++) {
            backoff.afterFailure("cluster");
        }

        backoff.reset("cluster");

        assertThat(backoff.afterFailure("cluster")).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(6));
    }

    @Test
    void clustersBackOffEachOnItsOwn() {
        RetryBackoff backoff = new RetryBackoff(new Random(7));
        for (int i = 0; i < 6; i++) {
            backoff.afterFailure("failing");
        }

        assertThat(backoff.afterFailure("fresh")).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(6));
    }
}
