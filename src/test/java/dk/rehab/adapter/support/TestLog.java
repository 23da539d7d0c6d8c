package dk.rehab.adapter.support;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The tests' log appender (logback-test.xml): keeps the last {@value #CAPACITY} formatted lines in memory instead of
 * writing them to the console; {@link ShowLogOnFailure} prints them when a test fails and drops them when it passes.
 * With {@code -Dtest.log=console} (Surefire passes it on via argLine or systemPropertyVariables) every line goes
 * straight to the console instead.
 */
public class TestLog extends UnsynchronizedAppenderBase<ILoggingEvent> {
    static final int CAPACITY = 5_000;
    private static final Deque<String> LINES = new ArrayDeque<>();
    private static final boolean CONSOLE = "console".equals(System.getProperty("test.log"));
    private Encoder<ILoggingEvent> encoder;

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    @Override
    public void start() {
        if (encoder != null) {
            encoder.start();
        }
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        String line = encoder == null ? event.getFormattedMessage() + System.lineSeparator()
                : new String(encoder.encode(event), StandardCharsets.UTF_8);
        if (CONSOLE) {
            System.out.print(line);
            return;
        }
        synchronized (LINES) {
            if (LINES.size() == CAPACITY) {
                LINES.removeFirst();
            }
            LINES.addLast(line);
        }
    }

    /** Everything buffered since the last call, and empties the buffer. */
    static String drain() {
        synchronized (LINES) {
            StringBuilder text = new StringBuilder();
            LINES.forEach(text::append);
            LINES.clear();
            return text.toString();
        }
    }
}
