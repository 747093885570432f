package io.weka.aws.operator.testenv;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logging.MDC;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The lines one logger (and those below it) writes while this is open, each with the thread that wrote it and the
 * cluster the log context named then. Close it to detach.
 */
public final class CapturedLog extends Handler implements AutoCloseable {
    private final Logger logger;
    private final List<Line> lines = new CopyOnWriteArrayList<>();

    /** One line as the handler saw it on the thread that logged it. */
    public record Line(Level level, String logger, String thread, String namespace, String name, String message) {
    }

    private CapturedLog(Logger logger) {
        this.logger = logger;
    }

    /** Everything logged under {@code loggerName} ("" for every logger) from now on. */
    public static CapturedLog of(String loggerName) {
        CapturedLog captured = new CapturedLog(Logger.getLogger(loggerName));
        captured.logger.addHandler(captured);
        return captured;
    }

    public List<Line> lines() {
        return lines;
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(new Line(record.getLevel(), record.getLoggerName(), Thread.currentThread().getName(),
                (String) MDC.get("namespace"), (String) MDC.get("name"),
                record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
