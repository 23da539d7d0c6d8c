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

    static UUID at(long wallMillis) {
        long millis = LAST_MILLIS.accumulateAndGet(wallMillis, Math::max);
        long random = RANDOM.nextLong();
        int randomA = RANDOM.nextInt(1 << 12);
        long high = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | randomA;
        long low = (random & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
