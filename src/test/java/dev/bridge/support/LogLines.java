package dev.bridge.support;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every log event of this JVM from now on (all loggers, as the bridge's log4j2 configuration lets them through). */
public final class LogLines extends AbstractAppender implements AutoCloseable {

    /** One event: its level, its message, and whether it carried a stack trace. */
    public record Line(Level level, String logger, String message, boolean withStackTrace) {
        @Override
        public String toString() {
            return level + " " + logger + " " + message + (withStackTrace ? " [stack trace]" : "");
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    private LogLines() {
        super("test-log-lines-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
    }

    public static LogLines capture() {
        LogLines appender = new LogLines();
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().addAppender(appender, null, null);
        context.updateLoggers();
        return appender;
    }

    @Override
    public void append(LogEvent event) {
        lines.add(new Line(event.getLevel(), event.getLoggerName(), event.getMessage().getFormattedMessage(), event.getThrown() != null));
    }

    /** The lines so far whose message contains {@code text}. */
    public List<Line> containing(String text) {
        return lines.stream().filter(l -> l.message().contains(text)).toList();
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
