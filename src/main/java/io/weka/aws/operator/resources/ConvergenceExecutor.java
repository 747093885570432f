package io.weka.aws.operator.resources;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.MDC;

/**
 * Threads for the independent branches of clusters' resources: AWS calls wait on the network, not the CPU. A task
 * runs with the logging context (MDC) of the thread that submitted it, so that its log lines name the cluster.
 */
public final class ConvergenceExecutor implements Executor, AutoCloseable {
    private final ExecutorService threads;

    public ConvergenceExecutor(int size) {
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(size, task -> {
            Thread thread = new Thread(task, "aws-convergence-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void execute(Runnable task) {
        Map<String, Object> submitter = MDC.getMap();
        threads.execute(() -> {
            submitter.forEach(MDC::put);
            try {
                task.run();
            } finally {
                MDC.clear();
            }
        });
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
