package dk.rehab.adapter.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Every log event of the application during one test ({@code @RegisterExtension final CapturedLog log = new CapturedLog()}),
 * whatever the test logging does with it: for the tests that assert what a log must never contain.
 */
public final class CapturedLog implements BeforeEachCallback, AfterEachCallback {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        appender.list.clear();
        appender.start();
        root().addAppender(appender);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        root().detachAppender(appender);
    }

    /**
     * The lines logged so far, as a copy: other threads (the audit writer, the outbox) go on logging while a test reads
     * them, and iterating the appender's own list then failed with a ConcurrentModificationException. The appender adds
     * under its own lock (AppenderBase.doAppend), so the copy is taken under it.
     */
    public List<ILoggingEvent> events() {
        synchronized (appender) {
            return new java.util.ArrayList<>(appender.list);
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
