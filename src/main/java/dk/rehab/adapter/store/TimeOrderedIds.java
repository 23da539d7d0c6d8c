package dk.rehab.adapter.store;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Resource ids as time-ordered UUIDs (RFC 9562 version 7): 48 bits of Unix milliseconds, then 74 random bits. Their
 * text sorts in creation order, so a new row's key lands at the end of every B-tree index keyed by id instead of at
 * a random leaf. With random (version 4) ids each insert dirtied a different index page once the tables had grown,
 * and the embedded database rewrote whole pages for single rows: the cost of an insert grew with the data (README,
 * Performance). Still unique and unguessable (the random bits come from {@link SecureRandom}); ids say when, to the
 * millisecond, a resource was created, which {@code meta.lastUpdated} of its first version says anyway.
 */
public final class TimeOrderedIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The last millisecond handed out: never goes backwards, even if the wall clock does. */
    private static final AtomicLong LAST_MILLIS = new AtomicLong();

    private TimeOrderedIds() {
    }

    public static String next() {
        return at(System.currentTimeMillis()).toString();
    }

    /** The 12-bit counter of ids handed out in the current millisecond ({@link #LAST_MILLIS}). */
    private static int counter;

    /**
     * Within one millisecond the ids count up (RFC 9562's monotonic counter in the 12 bits after the version, started at a
     * random value below 2048), so ids handed out one after the other sort in that order — the audit trail's events of
     * one millisecond come back in the order they were recorded. Past 4095 in one millisecond the next one is borrowed.
     */
    static synchronized UUID at(long wallMillis) {
        long millis = LAST_MILLIS.get();
        if (wallMillis > millis) {
            millis = wallMillis;
            counter = RANDOM.nextInt(1 << 11);
        } else if (++counter >= 1 << 12) {
            millis++;
            counter = RANDOM.nextInt(1 << 11);
        }
        LAST_MILLIS.set(millis);
        long random = RANDOM.nextLong();
        int randomA = counter;
        long high = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | randomA;
        long low = (random & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
