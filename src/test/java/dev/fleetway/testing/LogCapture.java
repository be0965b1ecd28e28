package dev.fleetway.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/**
 * The log lines one logger writes while this is open, as their formatted messages. In-process runs
 * ({@link Cli}) capture the command's own writers, not the log, which goes to the JVM's console; this is how a
 * test sees the log of an in-process run. Thread-safe; {@link #close()} detaches it.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final List<String> lines = new ArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    /** Starts capturing what the logger named after {@code source} (and its children) writes. */
    public static LogCapture of(Class<?> source) {
        LogCapture capture = new LogCapture(Logger.getLogger(source.getName()));
        capture.logger.addHandler(capture);
        return capture;
    }

    /** The messages logged since the last call, in order; the next call starts afresh. */
    public synchronized String drain() {
        String text = String.join("\n", lines);
        lines.clear();
        return text;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        lines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
