package io.outputcache.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Captures every logging event of the JVM (root logger) while open, so that a test can count what an operator
 * would have seen in the log. Events below the loggers' configured levels are not captured, as in production.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogCapture() {
        appender.setName("test-capture-" + System.identityHashCode(this));
        appender.start();
        root.addAppender(appender);
    }

    /** A copy of the events so far. */
    public List<ILoggingEvent> events() {
        // AppenderBase.doAppend holds the appender's lock while it appends
        synchronized (appender) {
            return new ArrayList<>(appender.list);
        }
    }

    public List<ILoggingEvent> atLeast(Level level) {
        return events().stream().filter(e -> e.getLevel().isGreaterOrEqual(level)).toList();
    }

    /** A capture for tests that read only the library's own lines (see {@link #libraryEvents()}). */
    public static LogCapture library() {
        return new LogCapture();
    }

    /** The events logged by the library itself (loggers {@code io.outputcache} and below). */
    public List<ILoggingEvent> libraryEvents() {
        return events().stream().filter(e -> e.getLoggerName().startsWith("io.outputcache")).toList();
    }

    /** The library's messages at exactly this level. */
    public List<String> messages(Level level) {
        return libraryEvents().stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
