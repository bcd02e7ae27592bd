package dev.inferd.metrics;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The lines of the {@code dev.inferd.requests} logger while a test runs. The test configuration
 * logs only warnings, so the logger is set to INFO while captured, and kept off the console.
 */
final class RequestLog implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.inferd.requests");
    private final Level previousLevel = logger.getLevel();
    private final boolean previousAdditive = logger.isAdditive();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private RequestLog() {
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
    }

    static RequestLog capture() {
        return new RequestLog();
    }

    /** The events so far, oldest first. */
    List<ILoggingEvent> events() {
        // AppenderBase appends under its own monitor.
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(previousLevel);
        logger.setAdditive(previousAdditive);
    }
}
