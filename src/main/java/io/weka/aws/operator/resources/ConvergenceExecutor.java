package io.weka.aws.operator.resources;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Threads for the independent branches of clusters' resources: AWS calls wait on the network, not the CPU. */
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
        threads.execute(task);
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
