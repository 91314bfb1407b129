package io.outputcache.internal.http;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class HttpDatesTest {
    private static final Instant T = Instant.parse("1994-11-06T08:49:37Z");

    @Test
    void readsTheThreeFormsOfRfc9110() {
        assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT")).contains(T);
        assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT")).contains(T);
        assertThat(HttpDates.parse("Sun Nov  6 08:49:37 1994")).contains(T);
    }

    @Test
    void rejectsGarbage() {
        assertThat(HttpDates.parse("0")).isEmpty();
        assertThat(HttpDates.parse("yesterday")).isEmpty();
        assertThat(HttpDates.parse(null)).isEmpty();
    }

    @Test
    void formatsImfFixdate() {
        assertThat(HttpDates.format(T)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    }
}
