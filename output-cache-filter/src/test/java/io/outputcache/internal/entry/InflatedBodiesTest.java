package io.outputcache.internal.entry;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The node's recent inflations: answered only for equal bytes under the same key, and bounded by bytes. */
class InflatedBodiesTest {
    private final InflatedBodies bodies = new InflatedBodies(64 * 1024);

    private static byte[] identity(String text, int repeat) {
        return text.repeat(repeat).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void equalBytesInANewArrayAreNotInflatedAgain() throws IOException {
        byte[] identity = identity("<li>item</li>", 200);
        byte[] first = bodies.identity("k", Bodies.gzip(identity), identity.length);
        assertThat(first).isEqualTo(identity);
        assertThat(bodies.identity("k", Bodies.gzip(identity), identity.length)).isSameAs(first);
    }

    @Test
    void otherBytesUnderTheKeyAreInflatedAndReplaceTheOld() throws IOException {
        byte[] v1 = identity("version one ", 100);
        byte[] v2 = identity("version two ", 100);
        byte[] first = bodies.identity("k", Bodies.gzip(v1), v1.length);
        assertThat(bodies.identity("k", Bodies.gzip(v2), v2.length)).isEqualTo(v2);
        assertThat(bodies.keptLengths()).containsOnlyKeys("k");
        assertThat(bodies.identity("k", Bodies.gzip(v1), v1.length)).isNotSameAs(first).isEqualTo(v1);
    }

    @Test
    void theSameBytesUnderAnotherKeyAreNotAnswered() throws IOException {
        byte[] identity = identity("shared ", 100);
        byte[] first = bodies.identity("k1", Bodies.gzip(identity), identity.length);
        assertThat(bodies.identity("k2", Bodies.gzip(identity), identity.length)).isNotSameAs(first);
    }

    @Test
    void theBoundHoldsAndTheLeastRecentGoesFirst() throws IOException {
        for (int i = 0; i < 40; i++) {
            byte[] identity = identity("page " + i + " ", 400);
            bodies.identity("k" + i, Bodies.gzip(identity), identity.length);
        }
        assertThat(bodies.bytes()).isLessThanOrEqualTo(64 * 1024);
        assertThat(bodies.keptLengths()).containsKey("k39").doesNotContainKey("k0");
    }

    @Test
    void aPageTooLargeToKeepIsStreamedAndNotKept() throws IOException {
        byte[] identity = identity("large page ", 1000); // 11 KB: more than a sixteenth of 64 KiB
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bodies.writeTo("big", Bodies.gzip(identity), identity.length, out);
        assertThat(out.toByteArray()).isEqualTo(identity);
        assertThat(bodies.keptLengths()).isEmpty();
        assertThat(bodies.bytes()).isZero();
    }
}
