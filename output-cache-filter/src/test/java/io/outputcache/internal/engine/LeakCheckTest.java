package io.outputcache.internal.engine;

import io.outputcache.internal.entry.Bodies;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** What the leak guard reads of an encoded body (HTTP mode stores what the origin encoded). */
class LeakCheckTest {
    private static final byte[] PAGE = "<p>Welcome alice</p>".getBytes(StandardCharsets.UTF_8);

    @Test
    void identityBodiesAreReadAsTheyAre() {
        assertThat(LeakCheck.readable(PAGE, null)).contains(PAGE);
        assertThat(LeakCheck.readable(PAGE, " Identity ")).contains(PAGE);
    }

    @Test
    void gzipBodiesAreInflatedForInspection() {
        assertThat(LeakCheck.readable(Bodies.gzip(PAGE), "gzip")).hasValueSatisfying(b -> assertThat(b).isEqualTo(PAGE));
    }

    @Test
    void encodingsTheGuardCannotReadAreNotVouchedFor() {
        assertThat(LeakCheck.readable(PAGE, "br")).isEmpty();
        assertThat(LeakCheck.readable(PAGE, "gzip")).as("not gzip at all").isEmpty();
    }

    @Test
    void aGzipBombIsNotInflatedBeyondTheBound() {
        byte[] bomb = Bodies.gzip(new byte[LeakCheck.MAX_INFLATED + 1024]);
        assertThat(bomb.length).isLessThan(100_000);
        assertThat(LeakCheck.readable(bomb, "gzip")).isEmpty();
    }
}
