package io.kongflow.jobs.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The noop-task set matches @trigger.dev/core-backend's BloomFilter byte for byte (its vectors). */
class BloomFilterTest {

    @Test
    void hashesMatchTheSdksLowLane() {
        assertEquals(3015285387L, BloomFilter.lowLane("a"));
        assertEquals(2721392727L, BloomFilter.lowLane("task-1"));
        assertEquals(1133576206L, BloomFilter.lowLane("task-2"));
        assertEquals(6795, BloomFilter.index("a"));
        assertEquals(10327, BloomFilter.index("task-1"));
        assertEquals(14, BloomFilter.index("task-2"));
    }

    @Test
    void serializationsMatchTheSdksVectors() throws Exception {
        assertEquals("11b136cb00511432bf6d7ff2e0b086acbe1760fcb2ae7d61d674660e278c24b3", digest(filter()));
        String empty = filter().serialize();
        assertEquals(5464, empty.length());
        assertEquals("A".repeat(5462) + "==", empty);
        assertEquals(
                "A".repeat(1132) + "CA" + "A".repeat(4328) + "==", filter("a").serialize());
        assertEquals("3265d1cd9898395a0a100006022d945dd2e3625e874cc3de1d70180768a3f4b1", digest(filter("a")));
        assertEquals(
                "8971b47a6894612c961e9e36bb7abe6371deea3fb328a18504837b323a78e6a1", digest(filter("task-1", "task-2")));
        assertEquals(
                "d09ef568089737e596b55e642a9fa343a0fb10856d84e42f7ceb515dabe8fa11",
                digest(filter("505a7cdb53ddb7fcea101303d8676bf7798b5d6b16781247f0bf2d32b7446bac")));
        assertEquals(32585, BloomFilter.index("é€😀"));
        assertEquals("88ef409e2634ea05f5ef42bd943cddd88a58c805585e1b27ab02e67900bb5798", digest(filter("é€😀")));
    }

    @Test
    void backoffGrowsByHalfEachFailure() {
        assertEquals(750, Backoff.after(1).toMillis());
        assertEquals(1125, Backoff.after(2).toMillis());
        assertEquals(19222, Backoff.after(9).toMillis());
    }

    private static BloomFilter filter(String... items) {
        BloomFilter filter = new BloomFilter();
        for (String item : items) {
            filter.add(item);
        }
        return filter;
    }

    private static String digest(BloomFilter filter) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(filter.serialize().getBytes(StandardCharsets.US_ASCII)));
    }
}
