package io.outputcache.internal.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CacheControlTest {
    @Test
    void parsesDirectivesWithoutCase() {
        CacheControl cc = CacheControl.parse("Public, MAX-AGE=60, s-maxage=\"120\", no-cache=\"Set-Cookie\"");
        assertThat(cc.has("public")).isTrue();
        assertThat(cc.seconds("max-age")).contains(Duration.ofSeconds(60));
        assertThat(cc.seconds("s-maxage")).contains(Duration.ofSeconds(120));
        assertThat(cc.argument("no-cache")).contains("Set-Cookie");
    }

    @Test
    void invalidSecondsArePresentButUnusable() {
        CacheControl cc = CacheControl.parse("max-age=abc, s-maxage=-1");
        assertThat(cc.has("max-age")).isTrue();
        assertThat(cc.seconds("max-age")).isEmpty();
        assertThat(cc.seconds("s-maxage")).isEmpty();
    }

    @Test
    void hugeSecondsSaturate() {
        assertThat(CacheControl.parse("max-age=99999999999999").seconds("max-age")).contains(Duration.ofSeconds(2147483648L));
    }

    @Test
    void firstOccurrenceWins() {
        assertThat(CacheControl.parse("max-age=1, max-age=2").seconds("max-age")).contains(Duration.ofSeconds(1));
    }

    @Test
    void joinsEveryField() {
        CacheControl cc = CacheControl.of(HeaderMap.of("Cache-Control", "public", "cache-control", "max-age=5"));
        assertThat(cc.has("public")).isTrue();
        assertThat(cc.seconds("max-age")).contains(Duration.ofSeconds(5));
    }
}
