package io.outputcache.internal.policy;

import io.outputcache.CacheMode;
import io.outputcache.CacheRule;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.RequestFacts;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Storability in HTTP mode (RFC 9111 §3), one behaviour per test, at a fixed instant. */
class HttpModeStorabilityTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T05:00:00Z"), ZoneOffset.UTC);
    private static final CacheRule RULE = CacheRule.builder("http").include("/**").mode(CacheMode.HTTP).build();
    private static final RequestFacts GET = new RequestFacts("GET", "http", "example.com", 80, "", "/a", null,
            HeaderMap.empty());

    private static StoreDecision decide(int status, String... headers) {
        Instant now = CLOCK.instant();
        return Storability.decide(GET, new ResponseFacts(status, HeaderMap.of(headers), ResponseFacts.Capture.COMPLETE),
                RULE, now, now);
    }

    private static Duration freshFor(StoreDecision decision) {
        assertThat(decision).isInstanceOf(StoreDecision.Store.class);
        return ((StoreDecision.Store) decision).freshFor();
    }

    @Test
    void maxAgeGivesTheFreshnessLifetime() {
        assertThat(freshFor(decide(200, "Cache-Control", "max-age=60"))).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void ofAListBasedAgeOnlyTheFirstMemberCounts() {
        // RFC 9111 §5.1: "0, 7200" is age 0, so the response is fresh; "7200, 0" is age 7200, stale on arrival.
        assertThat(freshFor(decide(200, "Cache-Control", "max-age=3600", "Age", "0,7200")))
                .isEqualTo(Duration.ofSeconds(3600));
        assertThat(decide(200, "Cache-Control", "max-age=3600", "Age", "7200,0"))
                .isEqualTo(new StoreDecision.Refuse(Refusal.NOT_FRESH));
    }

    @Test
    void ofSeveralAgeLinesTheFirstLinesFirstMemberCounts() {
        assertThat(freshFor(decide(200, "Cache-Control", "max-age=3600", "Age", "0", "Age", "7200")))
                .isEqualTo(Duration.ofSeconds(3600));
        assertThat(decide(200, "Cache-Control", "max-age=3600", "Age", "7200", "Age", "0"))
                .isEqualTo(new StoreDecision.Refuse(Refusal.NOT_FRESH));
        assertThat(freshFor(decide(200, "Cache-Control", "max-age=10000", "Age", "3600, 3600")))
                .isEqualTo(Duration.ofSeconds(6400));
    }

    @Test
    void anInvalidAgeIsIgnored() {
        // RFC 9111 §5.1: a first member that is not a non-negative integer makes the cache ignore the field.
        for (String age : new String[] {"abc", "-7200", "7200.0", "7200;foo=bar", "7200;foo=111", ""}) {
            assertThat(freshFor(decide(200, "Cache-Control", "max-age=3600", "Age", age))).as(age)
                    .isEqualTo(Duration.ofSeconds(3600));
        }
    }

    @Test
    void anIgnoredAgeStillLeavesTheApparentAgeFromDate() {
        // Date one hour before the response arrived: the apparent age (RFC 9111 §4.2.3) makes it stale anyway.
        assertThat(decide(200, "Cache-Control", "max-age=3600", "Age", "abc", "Date", "Thu, 26 Nov 2026 04:00:00 GMT"))
                .isEqualTo(new StoreDecision.Refuse(Refusal.NOT_FRESH));
    }

    @Test
    void aValidAgeIsSubtractedFromTheLifetime() {
        assertThat(freshFor(decide(200, "Cache-Control", "max-age=3600", "Age", "600")))
                .isEqualTo(Duration.ofSeconds(3000));
    }

    @Test
    void mustUnderstandWithAnUnknownStatusIsNotStored() {
        assertThat(decide(599, "Cache-Control", "max-age=3600, must-understand"))
                .isInstanceOf(StoreDecision.Refuse.class);
    }

    @Test
    void mustUnderstandWithAKnownStatusOverridesNoStore() {
        assertThat(freshFor(decide(200, "Cache-Control", "max-age=3600, must-understand, no-store")))
                .isEqualTo(Duration.ofSeconds(3600));
    }

    @Test
    void noStoreIsNotStored() {
        assertThat(decide(200, "Cache-Control", "max-age=3600, no-store"))
                .isEqualTo(new StoreDecision.Refuse(Refusal.NO_STORE));
    }

    @Test
    void surrogateControlMaxAgeOverridesCacheControlNoStore() {
        assertThat(freshFor(decide(200, "Cache-Control", "no-store", "Surrogate-Control", "max-age=100;outputcache")))
                .isEqualTo(Duration.ofSeconds(100));
    }

    @Test
    void surrogateControlNoStoreOverridesACacheControlLifetime() {
        assertThat(decide(200, "Cache-Control", "max-age=10000", "Surrogate-Control", "no-store"))
                .isEqualTo(new StoreDecision.Refuse(Refusal.NO_STORE));
    }

    @Test
    void surrogateControlForAnotherDeviceIsIgnored() {
        assertThat(freshFor(decide(200, "Cache-Control", "max-age=60", "Surrogate-Control", "no-store;other")))
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aContentCodedResponseIsStoredAsSent() {
        assertThat(freshFor(decide(200, "Cache-Control", "max-age=60", "Content-Encoding", "gzip")))
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void partialContentIsNotStored() {
        assertThat(decide(206, "Cache-Control", "max-age=60", "Content-Range", "bytes 0-4/10"))
                .isEqualTo(new StoreDecision.Refuse(Refusal.PARTIAL_CONTENT));
    }

    @Test
    void varyStarIsNeverStored() {
        assertThat(decide(200, "Cache-Control", "max-age=60", "Vary", "*"))
                .isEqualTo(new StoreDecision.Refuse(Refusal.VARY_STAR));
    }

    @Test
    void setCookieIsRefusedByDefault() {
        // Issue 11: as common CDNs, a response that sets a cookie is refused unless the rule says otherwise.
        assertThat(decide(200, "Cache-Control", "max-age=60", "Set-Cookie", "a=b"))
                .isEqualTo(new StoreDecision.Refuse(Refusal.SET_COOKIE));
    }

    @Test
    void setCookieIsStoredUnderARuleWithStoreSetCookie() {
        CacheRule storing = RULE.toBuilder().storeSetCookie(true).build();
        Instant now = CLOCK.instant();
        StoreDecision d = Storability.decide(GET, new ResponseFacts(200, HeaderMap.of("Cache-Control", "max-age=60",
                "Set-Cookie", "a=b"), ResponseFacts.Capture.COMPLETE), storing, now, now);
        assertThat(freshFor(d)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void setCookieListedByAQualifiedNoCacheIsStoredWithoutTheField() {
        // RFC 9111 §5.2.2.4: StoredHeaders leaves the listed field out, so the rest may be stored.
        assertThat(freshFor(decide(200, "Cache-Control", "max-age=60, no-cache=\"Set-Cookie\"", "Set-Cookie", "a=b")))
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void setCookie2IsRefusedInBothModes() {
        assertThat(decide(200, "Cache-Control", "max-age=60", "Set-Cookie2", "a=b"))
                .isEqualTo(new StoreDecision.Refuse(Refusal.SET_COOKIE2));
        CacheRule output = CacheRule.builder("o").include("/**").build();
        Instant now = CLOCK.instant();
        assertThat(Storability.decide(GET, new ResponseFacts(200, HeaderMap.of("Set-Cookie2", "a=b"),
                ResponseFacts.Capture.COMPLETE), output, now, now)).isEqualTo(new StoreDecision.Refuse(Refusal.SET_COOKIE2));
    }

    @Test
    void aQualifiedNoCacheLeavesTheResponseFresh() {
        assertThat(freshFor(decide(200, "Cache-Control", "max-age=60, no-cache=\"Set-Cookie\"")))
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void anUnqualifiedNoCacheIsStoredButNeverFresh() {
        assertThat(freshFor(decide(200, "Cache-Control", "max-age=60, no-cache", "ETag", "\"x\"")))
                .isEqualTo(Duration.ZERO);
    }
}
