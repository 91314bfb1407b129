package io.outputcache.internal.policy;

import io.outputcache.CacheMode;
import io.outputcache.CacheRule;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.RequestFacts;
import io.outputcache.internal.http.TargetedCacheControl;
import io.outputcache.internal.policy.CacheStrategy.Action;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP mode and the origin's stale directives (RFC 5861): within stale-while-revalidate the stale copy is served
 * at once while one request refreshes it; past it the origin is asked first, with the stale copy as the fallback
 * within stale-if-error. Fixed clock; the origin's directives apply whatever the rule's use-origin-stale.
 */
class HttpModeStaleTest {
    private static final Instant STORED = Instant.parse("2026-11-26T05:00:00Z");
    private static final CacheRule RULE = CacheRule.builder("http").include("/**").mode(CacheMode.HTTP).build();
    private static final RequestFacts GET = new RequestFacts("GET", "http", "example.com", 80, "", "/a", null,
            HeaderMap.empty());

    /** A page as Storability would store it from this response at STORED. */
    private static CachedPage stored(String... headers) {
        HeaderMap h = HeaderMap.of(headers);
        StoreDecision d = Storability.decide(GET, new ResponseFacts(200, h, ResponseFacts.Capture.COMPLETE), RULE,
                STORED, STORED);
        assertThat(d).isInstanceOf(StoreDecision.Store.class);
        StoreDecision.Store s = (StoreDecision.Store) d;
        long t = STORED.toEpochMilli();
        long freshUntil = t + s.freshFor().toMillis();
        return new CachedPage("k", 200, t, freshUntil, freshUntil + s.staleServeFor().toMillis(), s.initialAgeSeconds(),
                h.first("etag").orElse(""), h, false, new byte[0], 0, Set.of());
    }

    private static Action at(CachedPage page, long seconds, RequestFacts request) {
        return CacheStrategy.decide(RULE, request, Optional.of(page), STORED.plusSeconds(seconds),
                TargetedCacheControl.DEFAULT).action();
    }

    private static Action at(CachedPage page, long seconds) {
        return at(page, seconds, GET);
    }

    private static boolean fallback(CachedPage page, long seconds) {
        return CacheStrategy.servesStaleOnError(CacheMode.HTTP, page, STORED.plusSeconds(seconds),
                TargetedCacheControl.DEFAULT);
    }

    @Test
    void theStaleWindowIsKeptWithoutUseOriginStale() {
        CachedPage p = stored("Cache-Control", "max-age=60, stale-while-revalidate=30");
        assertThat(p.staleUntilMillis() - p.freshUntilMillis()).isEqualTo(Duration.ofSeconds(30).toMillis());
    }

    @Test
    void withinStaleWhileRevalidateTheStaleCopyIsServedWhileItIsRefreshed() {
        CachedPage p = stored("Cache-Control", "max-age=60, stale-while-revalidate=30", "ETag", "\"v1\"");
        assertThat(at(p, 59)).isEqualTo(Action.FRESH_HIT);
        assertThat(at(p, 60)).isEqualTo(Action.STALE_REFRESH);
        assertThat(at(p, 89)).isEqualTo(Action.STALE_REFRESH);
    }

    @Test
    void pastStaleWhileRevalidateTheOriginIsAskedFirst() {
        CachedPage p = stored("Cache-Control", "max-age=60, stale-while-revalidate=30", "ETag", "\"v1\"");
        assertThat(at(p, 90)).isEqualTo(Action.REVALIDATE);
    }

    @Test
    void staleIfErrorAloneRevalidatesWithTheStaleCopyAsFallback() {
        CachedPage p = stored("Cache-Control", "max-age=60, stale-if-error=600", "ETag", "\"v1\"");
        assertThat(at(p, 61)).isEqualTo(Action.REVALIDATE);
        assertThat(fallback(p, 61)).isTrue();
        assertThat(fallback(p, 659)).isTrue();
        assertThat(fallback(p, 660)).isFalse();
    }

    @Test
    void pastStaleWhileRevalidateButWithinStaleIfErrorTheStaleCopyIsOnlyAFallback() {
        CachedPage p = stored("Cache-Control", "max-age=60, stale-while-revalidate=30, stale-if-error=600");
        assertThat(at(p, 100)).isEqualTo(Action.MISS);
        assertThat(fallback(p, 100)).isTrue();
    }

    @Test
    void withoutStaleDirectivesThereIsNoFallback() {
        CachedPage p = stored("Cache-Control", "max-age=60", "ETag", "\"v1\"");
        assertThat(at(p, 61)).isEqualTo(Action.REVALIDATE);
        assertThat(fallback(p, 61)).isFalse();
    }

    @Test
    void mustRevalidateForbidsServingStale() {
        CachedPage p = stored("Cache-Control", "max-age=60, stale-while-revalidate=30, stale-if-error=60, must-revalidate",
                "ETag", "\"v1\"");
        assertThat(at(p, 61)).isEqualTo(Action.REVALIDATE);
        assertThat(fallback(p, 61)).isFalse();
    }

    @Test
    void aClientMaxAgeOrMinFreshRefusesTheStaleCopy() {
        CachedPage p = stored("Cache-Control", "max-age=60, stale-while-revalidate=30", "ETag", "\"v1\"");
        RequestFacts maxAge = new RequestFacts("GET", "http", "example.com", 80, "", "/a", null,
                HeaderMap.of("Cache-Control", "max-age=3600"));
        RequestFacts minFresh = new RequestFacts("GET", "http", "example.com", 80, "", "/a", null,
                HeaderMap.of("Cache-Control", "min-fresh=1"));
        assertThat(at(p, 70, maxAge)).isEqualTo(Action.REVALIDATE);
        assertThat(at(p, 70, minFresh)).isEqualTo(Action.REVALIDATE);
    }

    @Test
    void theTargetedFieldsWindowCounts() {
        CachedPage p = stored("Cache-Control", "max-age=60", "CDN-Cache-Control", "max-age=60, stale-while-revalidate=30",
                "ETag", "\"v1\"");
        assertThat(at(p, 70)).isEqualTo(Action.STALE_REFRESH);
    }

    @Test
    void outputModeFallsBackWithinTheGrace() {
        long t = STORED.toEpochMilli();
        CachedPage p = new CachedPage("k", 200, t, t + 60_000, t + 90_000, 0, "", HeaderMap.of("Cache-Control",
                "max-age=60, must-revalidate"), false, new byte[0], 0, Set.of());
        assertThat(CacheStrategy.servesStaleOnError(CacheMode.OUTPUT, p, STORED.plusSeconds(89),
                TargetedCacheControl.DEFAULT)).as("output mode: the rule's grace decides").isTrue();
        assertThat(CacheStrategy.servesStaleOnError(CacheMode.OUTPUT, p, STORED.plusSeconds(90),
                TargetedCacheControl.DEFAULT)).isFalse();
    }
}
