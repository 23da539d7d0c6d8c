package dk.rehab.adapter.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A result shared by the tables of one report run is computed once, whichever thread asks first; outside a run, each time. */
class RunScopeTest {
    @Test
    void oneRunComputesASharedResultOnceForAllItsThreads() throws Exception {
        AtomicInteger computed = new AtomicInteger();
        CountDownLatch bothAsking = new CountDownLatch(2);
        var shared = RunScope.newRun();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?>[] f = new Future<?>[2];
            String[] seen = new String[2];
            for (int i = 0; i < 2; i++) {
                int n = i;
                f[i] = pool.submit(() -> RunScope.within(shared, () -> {
                    bothAsking.countDown();
                    try {
                        bothAsking.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    seen[n] = RunScope.shared("k", () -> "result " + computed.incrementAndGet());
                }));
            }
            f[0].get(10, TimeUnit.SECONDS);
            f[1].get(10, TimeUnit.SECONDS);
            assertThat(computed.get()).isEqualTo(1);
            assertThat(seen).containsExactly("result 1", "result 1");
        } finally {
            pool.shutdownNow();
        }
        // another run computes it again; outside any run it is computed every time
        RunScope.within(RunScope.newRun(), () -> assertThat(RunScope.shared("k", () -> "result " + computed.incrementAndGet())).isEqualTo("result 2"));
        assertThat(RunScope.shared("k", () -> "result " + computed.incrementAndGet())).isEqualTo("result 3");
        assertThat(RunScope.shared("k", () -> "result " + computed.incrementAndGet())).isEqualTo("result 4");
    }

    @Test
    void aFailureReachesEveryTableThatAsked() {
        var shared = RunScope.newRun();
        RunScope.within(shared, () -> {
            assertThatThrownBy(() -> RunScope.shared("k", () -> {
                throw new IllegalArgumentException("no such column");
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("no such column");
            assertThatThrownBy(() -> RunScope.shared("k", () -> "never")).isInstanceOf(IllegalArgumentException.class);
        });
    }
}
