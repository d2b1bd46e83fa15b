package io.kongflow.jobs.execution;

import java.util.Base64;

/**
 * The set of completed noop task keys the SDK skips without calling us, in the exact format of
 * {@code @trigger.dev/core-backend}'s BloomFilter: 32768 bits, one hash (cyrb53's low lane, over
 * UTF-16 code units), LSB-first bytes, standard Base64.
 */
final class BloomFilter {

    static final int BITS = 32768;

    private final byte[] bits = new byte[BITS / 8];
    private boolean empty = true;

    void add(String item) {
        int index = index(item);
        bits[index >>> 3] |= (byte) (1 << (index & 7));
        empty = false;
    }

    boolean isEmpty() {
        return empty;
    }

    String serialize() {
        return Base64.getEncoder().encodeToString(bits);
    }

    /** Only h1 matters: the JS hash is 2³²·h2 + h1, and 2³² is a multiple of the size. */
    static int index(String item) {
        return (int) (lowLane(item) & (BITS - 1));
    }

    static long lowLane(String item) {
        int h1 = 0xdeadbeef;
        for (int i = 0; i < item.length(); i++) {
            h1 = Integer.rotateLeft((h1 ^ item.charAt(i)) * 0xcc9e2d51, 15) * 0x1b873593;
        }
        h1 ^= item.length();
        h1 = (h1 ^ (h1 >>> 16)) * 0x85ebca6b;
        h1 = (h1 ^ (h1 >>> 13)) * 0xc2b2ae35;
        h1 ^= h1 >>> 16;
        return Integer.toUnsignedLong(h1);
    }
}
