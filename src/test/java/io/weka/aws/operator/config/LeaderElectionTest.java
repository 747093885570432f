package io.weka.aws.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LeaderElectionTest {
    @Test
    void losingTheLeaseWhileRunningExits() throws InterruptedException {
        CountDownLatch exited = new CountDownLatch(1);

        LeaderElection.onStopLeading(new AtomicBoolean(false), exited::countDown).run();

        assertThat(exited.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void givingUpTheLeaseOnShutdownDoesNotExitAgain() {
        AtomicBoolean exited = new AtomicBoolean();

        LeaderElection.onStopLeading(new AtomicBoolean(true), () -> exited.set(true)).run();

        assertThat(exited).isFalse();
    }
}
