package io.outputcache.internal.policy;

import io.outputcache.internal.http.CacheControl;
import io.outputcache.internal.http.HeaderMap;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FreshnessTest {
    private static final Instant T = Instant.parse("2026-11-26T10:00:00Z");

    private static java.util.Optional<Duration> lifetime(String... headers) {
        HeaderMap h = HeaderMap.of(headers);
        return Freshness.explicitLifetime(h, CacheControl.of(h), T);
    }

    @Test
    void sMaxAgeBeatsMaxAgeBeatsExpires() {
        assertThat(lifetime("Cache-Control", "max-age=10, s-maxage=20")).contains(Duration.ofSeconds(20));
        assertThat(lifetime("Cache-Control", "max-age=10", "Expires", "Thu, 26 Nov 2026 11:00:00 GMT")).contains(Duration.ofSeconds(10));
    }

    @Test
    void expiresIsMeasuredFromDate() {
        assertThat(lifetime("Date", "Thu, 26 Nov 2026 10:00:00 GMT", "Expires", "Thu, 26 Nov 2026 10:05:00 GMT"))
                .contains(Duration.ofMinutes(5));
    }

    @Test
    void invalidExpiresMeansAlreadyExpired() {
        assertThat(lifetime("Expires", "0")).contains(Duration.ZERO);
    }

    @Test
    void noExplicitFreshnessIsEmpty() {
        assertThat(lifetime("Last-Modified", "Thu, 26 Nov 2026 09:00:00 GMT")).isEmpty();
    }

    @Test
    void initialAgeTakesTheLargerOfAgeAndApparentAge() {
        HeaderMap headers = HeaderMap.of("Age", "30", "Date", "Thu, 26 Nov 2026 09:59:00 GMT");
        assertThat(Freshness.initialAgeSeconds(headers, T, T)).isEqualTo(60);
        assertThat(Freshness.initialAgeSeconds(HeaderMap.of("Age", "30"), T.minusSeconds(2), T)).isEqualTo(32);
    }

    @Test
    void ageTakesTheFirstMemberOfTheFirstLine() {
        assertThat(Freshness.ageValue(HeaderMap.of("Age", " 12 , 7200"))).isEqualTo(12);
        assertThat(Freshness.ageValue(HeaderMap.of("Age", ", 12"))).as("empty elements are skipped").isEqualTo(12);
        assertThat(Freshness.ageValue(HeaderMap.of("Age", "12", "Age", "7200"))).isEqualTo(12);
    }

    @Test
    void anInvalidAgeCountsAsNone() {
        assertThat(Freshness.ageValue(HeaderMap.of("Age", "-1"))).isZero();
        assertThat(Freshness.ageValue(HeaderMap.of("Age", "1e3"))).isZero();
        assertThat(Freshness.ageValue(HeaderMap.of())).isZero();
    }

    @Test
    void aHugeAgeSaturates() {
        assertThat(Freshness.ageValue(HeaderMap.of("Age", "99999999999999"))).isEqualTo(2147483648L);
        assertThat(Freshness.ageValue(HeaderMap.of("Age", "9999999999"))).isEqualTo(2147483648L);
    }
}
