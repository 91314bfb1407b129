package io.outputcache.internal.policy;

import io.outputcache.CacheMode;
import io.outputcache.CacheRule;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.RequestFacts;
import io.outputcache.internal.http.TargetedCacheControl;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP mode and targeted cache control (RFC 9213): the first field of the target list with a valid value replaces
 * Cache-Control and Expires for this cache, one behaviour per test at a fixed instant.
 */
class TargetedStorabilityTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T05:00:00Z"), ZoneOffset.UTC);
    private static final CacheRule RULE = CacheRule.builder("http").include("/**").mode(CacheMode.HTTP).build();
    private static final RequestFacts GET = new RequestFacts("GET", "http", "example.com", 80, "", "/a", null,
            HeaderMap.empty());
    private static final TargetedCacheControl OWN = TargetedCacheControl.withOwnField("OutputCache-Control");

    private static StoreDecision decide(TargetedCacheControl targets, String... headers) {
        Instant now = CLOCK.instant();
        return Storability.decide(GET, new ResponseFacts(200, HeaderMap.of(headers), ResponseFacts.Capture.COMPLETE),
                RULE, now, now, targets);
    }

    private static Duration freshFor(StoreDecision decision) {
        assertThat(decision).isInstanceOf(StoreDecision.Store.class);
        return ((StoreDecision.Store) decision).freshFor();
    }

    @Test
    void cdnCacheControlMaxAgeStoresDespiteCacheControlNoStore() {
        assertThat(freshFor(decide(TargetedCacheControl.DEFAULT, "Cache-Control", "no-store",
                "CDN-Cache-Control", "max-age=600"))).isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void theOldSignatureUsesTheDefaultTargetList() {
        Instant now = CLOCK.instant();
        StoreDecision d = Storability.decide(GET, new ResponseFacts(200,
                HeaderMap.of("Cache-Control", "no-store", "CDN-Cache-Control", "max-age=600"),
                ResponseFacts.Capture.COMPLETE), RULE, now, now);
        assertThat(freshFor(d)).isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void cdnCacheControlPrivateIsObeyedDespiteACacheControlLifetime() {
        assertThat(decide(TargetedCacheControl.DEFAULT, "Cache-Control", "max-age=600", "CDN-Cache-Control", "private"))
                .isEqualTo(new StoreDecision.Refuse(Refusal.PRIVATE));
    }

    @Test
    void cdnCacheControlNoStoreIsObeyedDespiteACacheControlLifetime() {
        assertThat(decide(TargetedCacheControl.DEFAULT, "Cache-Control", "max-age=600", "CDN-Cache-Control", "no-store"))
                .isEqualTo(new StoreDecision.Refuse(Refusal.NO_STORE));
    }

    @Test
    void cdnCacheControlNoCacheStoresButNeverFresh() {
        assertThat(freshFor(decide(TargetedCacheControl.DEFAULT, "Cache-Control", "max-age=600",
                "CDN-Cache-Control", "no-cache", "ETag", "\"v1\""))).isZero();
    }

    @Test
    void aTargetedFieldReplacesExpiresToo() {
        // RFC 9213 §2.1: Expires is ignored with Cache-Control; "none" is a valid, non-empty value.
        assertThat(decide(TargetedCacheControl.DEFAULT, "Date", "Thu, 26 Nov 2026 05:00:00 GMT",
                "Expires", "Thu, 26 Nov 2026 06:00:00 GMT", "CDN-Cache-Control", "none"))
                .isEqualTo(new StoreDecision.Refuse(Refusal.NOT_FRESH));
    }

    @Test
    void anInvalidTargetedFieldLeavesCacheControlInCharge() {
        assertThat(freshFor(decide(TargetedCacheControl.DEFAULT, "Cache-Control", "max-age=60",
                "CDN-Cache-Control", "Max-Age=600"))).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theSitesOwnFieldBeatsCdnCacheControl() {
        assertThat(freshFor(decide(OWN, "CDN-Cache-Control", "max-age=600", "OutputCache-Control", "max-age=30")))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(decide(OWN, "CDN-Cache-Control", "max-age=600", "OutputCache-Control", "no-store"))
                .isEqualTo(new StoreDecision.Refuse(Refusal.NO_STORE));
    }

    @Test
    void aFieldNotOnTheTargetListChangesNothing() {
        assertThat(freshFor(decide(TargetedCacheControl.DEFAULT, "Cache-Control", "max-age=60",
                "OutputCache-Control", "no-store"))).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aTargetedFieldBeatsSurrogateControl() {
        assertThat(freshFor(decide(TargetedCacheControl.DEFAULT, "Surrogate-Control", "max-age=5",
                "CDN-Cache-Control", "max-age=50"))).isEqualTo(Duration.ofSeconds(50));
    }

    @Test
    void aQualifiedNoCacheInTheTargetedFieldKeepsTheListedFieldsOut() {
        HeaderMap stored = StoredHeaders.select(HeaderMap.of("Cache-Control", "no-cache=\"X-Other\"",
                        "CDN-Cache-Control", "max-age=60, no-cache=\"X-Secret\"", "X-Secret", "s", "X-Other", "o"),
                HeaderMap.empty(), CacheMode.HTTP, TargetedCacheControl.DEFAULT);
        assertThat(stored.contains("x-secret")).isFalse();
        assertThat(stored.contains("x-other")).as("Cache-Control is not obeyed when a targeted field is").isTrue();
        assertThat(stored.contains("cdn-cache-control")).as("stored and passed on").isTrue();
    }

    @Test
    void theStrategyReadsTheStoredTargetedField() {
        // Cache-Control: no-cache would force a revalidation on every use; CDN-Cache-Control says fresh for 600 s.
        long t = CLOCK.millis();
        CachedPage page = new CachedPage("k", 200, t, t + 600_000, t + 600_000, 0, "\"e\"",
                HeaderMap.of("Cache-Control", "no-cache", "CDN-Cache-Control", "max-age=600", "ETag", "\"e\""),
                false, new byte[0], 0, Set.of());
        assertThat(CacheStrategy.decide(CacheMode.HTTP, GET, Optional.of(page), CLOCK.instant().plusSeconds(10),
                TargetedCacheControl.DEFAULT).action()).isEqualTo(CacheStrategy.Action.FRESH_HIT);
    }

    @Test
    void theDirectivesSayWhereTheyCameFrom() {
        ResponseDirectives targeted = ResponseDirectives.of(HeaderMap.of("Cache-Control", "max-age=1",
                "CDN-Cache-Control", "max-age=2"), TargetedCacheControl.DEFAULT);
        assertThat(targeted.source()).isEqualTo(ResponseDirectives.Source.TARGETED);
        assertThat(targeted.fieldName()).isEqualTo("CDN-Cache-Control");
        assertThat(targeted.expiresApplies()).isFalse();
        ResponseDirectives surrogate = ResponseDirectives.of(HeaderMap.of("Cache-Control", "max-age=1",
                "Surrogate-Control", "max-age=3"), TargetedCacheControl.DEFAULT);
        assertThat(surrogate.source()).isEqualTo(ResponseDirectives.Source.SURROGATE);
        assertThat(surrogate.expiresApplies()).isTrue();
        assertThat(ResponseDirectives.of(HeaderMap.of("Cache-Control", "max-age=1"), TargetedCacheControl.DEFAULT)
                .source()).isEqualTo(ResponseDirectives.Source.CACHE_CONTROL);
    }
}
