package io.outputcache.internal.entry;

import io.outputcache.internal.http.HeaderMap;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EntryCodecTest {
    private static CachedPage page() {
        byte[] body = Bodies.gzip("<h1>héllo</h1>".repeat(50).getBytes(StandardCharsets.UTF_8));
        return new CachedPage("v1r5:pages", 200, 1_000L, 61_000L, 71_000L, 3, "\"abc\"",
                HeaderMap.of("Content-Type", "text/html;charset=UTF-8", "X-Multi", "a", "X-Multi", "b"),
                true, body, 700, Set.of("nav", "path:xyz"));
    }

    @Test
    void roundTripsEveryField() {
        CachedPage original = page();
        CachedPage decoded = EntryCodec.decode(EntryCodec.encode(original)).orElseThrow();
        assertThat(decoded).usingRecursiveComparison().ignoringFields("body", "headers").isEqualTo(original);
        assertThat(decoded.body()).isEqualTo(original.body());
        assertThat(decoded.headers().all("x-multi")).containsExactly("a", "b");
        assertThat(decoded.headers().first("content-type")).contains("text/html;charset=UTF-8");
    }

    @Test
    void everyTruncationIsRejected() {
        byte[] bytes = EntryCodec.encode(page());
        for (int len = 0; len < bytes.length; len++) {
            assertThat(EntryCodec.decode(Arrays.copyOf(bytes, len))).as("truncated to %d", len).isEmpty();
        }
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] bytes = EntryCodec.encode(page());
        assertThat(EntryCodec.decode(Arrays.copyOf(bytes, bytes.length + 1))).isEmpty();
    }

    @Test
    void aFlippedBodyByteIsRejected() {
        byte[] bytes = EntryCodec.encode(page());
        bytes[bytes.length - 5] ^= 0x40;
        assertThat(EntryCodec.decode(bytes)).isEmpty();
    }

    @Test
    void foreignValuesAreRejected() {
        assertThat(EntryCodec.decode("hello world".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(EntryCodec.decode(new byte[] {(byte) 0xac, (byte) 0xed, 0, 5})).isEmpty(); // Java serialisation
        assertThat(EntryCodec.decode(new byte[0])).isEmpty();
        assertThat(EntryCodec.decode(null)).isEmpty();
    }

    @Test
    void anotherVersionIsRejected() {
        byte[] bytes = EntryCodec.encode(page());
        bytes[2] = 99;
        assertThat(EntryCodec.decode(bytes)).isEmpty();
    }

    @Test
    void randomBytesNeverThrow() {
        java.util.Random random = new java.util.Random(42);
        byte[] valid = EntryCodec.encode(page());
        for (int i = 0; i < 2000; i++) {
            byte[] mutated = valid.clone();
            mutated[random.nextInt(mutated.length)] = (byte) random.nextInt();
            mutated[random.nextInt(mutated.length)] = (byte) random.nextInt();
            EntryCodec.decode(mutated); // must return, never throw
        }
    }
}
