package dk.rehab.adapter.support;

import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Registered for every test (META-INF/services, junit-platform.properties): a failing test prints the log lines
 * buffered by {@link TestLog} since the previous test ended — its class's context start-up included — and a passing,
 * skipped or aborted one drops them. Expected errors of the error-path tests therefore stay out of a green build.
 */
public class ShowLogOnFailure implements TestWatcher {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        String log = TestLog.drain();
        if (!log.isEmpty()) {
            System.out.println("----- log of " + context.getDisplayName() + " in " + context.getRequiredTestClass().getName() + " -----");
            System.out.print(log);
            System.out.println("----- end of log -----");
        }
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        TestLog.drain();
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        TestLog.drain();
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        TestLog.drain();
    }
}
