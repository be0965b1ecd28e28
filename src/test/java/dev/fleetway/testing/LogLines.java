package dev.fleetway.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.jboss.logmanager.ExtLogRecord;

/**
 * Fleetway's log lines while it is open. An in-process run ({@link Cli}) writes its results and errors to the
 * command's writers, but its log (progress, waves, warnings) to the process's standard error, as a packaged run
 * does; this collects the messages, formatted, so a test can assert on them. Open it around one run only.
 */
public final class LogLines implements AutoCloseable {
    private final Logger logger = Logger.getLogger("dev.fleetway");
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            lines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : formatter.formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    public LogLines() {
        logger.addHandler(handler);
    }

    /** The messages logged so far, in order. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
