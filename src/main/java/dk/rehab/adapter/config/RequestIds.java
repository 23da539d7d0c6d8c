package dk.rehab.adapter.config;

import java.util.concurrent.ThreadLocalRandom;

/** Request ids: letters and digits from a thread-local random generator (no lock, no secure randomness needed). */
final class RequestIds {
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private RequestIds() {
    }

    static String next(int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[length];
        for (int i = 0; i < length; i++) {
            id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
