package dk.rehab.adapter.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test moves: the system clock shifted by an offset. {@link #set} moves it to an instant, from which it runs
 * on at the system clock's pace (so back-offs and leases still elapse); {@link #reset} makes it the system clock
 * again. Registered as the application's {@code @Primary} Clock by {@link MovableClockConfig}.
 */
public final class MovableClock extends Clock {
    private volatile java.time.Duration offset = java.time.Duration.ZERO;

    public void set(Instant instant) {
        offset = java.time.Duration.between(Instant.now(), instant);
    }

    public void reset() {
        offset = java.time.Duration.ZERO;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }
}
