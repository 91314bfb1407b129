package io.outputcache.internal.policy;

import io.outputcache.CacheRule;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.RequestFacts;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Output mode and the origin's stale directives (RFC 5861): with {@code use-origin-stale} the response's
 * {@code stale-while-revalidate} and {@code stale-if-error} replace the rule's grace, and decide what a stale page
 * is used for; without it they are ignored.
 */
class OriginStaleTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final RequestFacts GET = new RequestFacts("GET", "http", "shop.example", 80, "", "/p", null,
            HeaderMap.empty());

    private static CacheRule rule(boolean useOriginStale) {
        return CacheRule.builder("r").include("/**").ttl(Duration.ofSeconds(60)).grace(Duration.ofSeconds(300))
                .useOriginStale(useOriginStale).build();
    }

    private static StoreDecision.Store store(CacheRule rule, String cacheControl) {
        HeaderMap headers = cacheControl == null ? HeaderMap.of("Content-Type", "text/html")
                : HeaderMap.of("Content-Type", "text/html", "Cache-Control", cacheControl);
        StoreDecision d = Storability.decide(GET, new ResponseFacts(200, headers, ResponseFacts.Capture.COMPLETE),
                rule, NOW, NOW);
        assertThat(d).isInstanceOf(StoreDecision.Store.class);
        return (StoreDecision.Store) d;
    }

    @Test
    void withoutUseOriginStaleTheRuleGraceApplies() {
        StoreDecision.Store s = store(rule(false), "stale-while-revalidate=30, stale-if-error=600");
        assertThat(s.staleServeFor()).isEqualTo(Duration.ofSeconds(300));
        assertThat(s.keepFor()).isEqualTo(Duration.ofSeconds(360));
    }

    @Test
    void theLongerOfTheOriginsStaleDirectivesReplacesTheGrace() {
        StoreDecision.Store s = store(rule(true), "stale-while-revalidate=30, stale-if-error=600");
        assertThat(s.freshFor()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.staleServeFor()).isEqualTo(Duration.ofSeconds(600));
        assertThat(s.keepFor()).isEqualTo(Duration.ofSeconds(660));
    }

    @Test
    void staleWhileRevalidateAloneIsTheGrace() {
        assertThat(store(rule(true), "stale-while-revalidate=45").staleServeFor()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void withoutOriginDirectivesTheRuleGraceStillApplies() {
        assertThat(store(rule(true), null).staleServeFor()).isEqualTo(Duration.ofSeconds(300));
        assertThat(store(rule(true), "public").staleServeFor()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void mustRevalidateForbidsServingStale() {
        assertThat(store(rule(true), "must-revalidate, stale-if-error=600").staleServeFor()).isZero();
        assertThat(store(rule(true), "proxy-revalidate").staleServeFor()).isZero();
    }

    @Test
    void aMalformedDirectiveIsIgnored() {
        assertThat(store(rule(true), "stale-if-error=soon").staleServeFor()).isEqualTo(Duration.ofSeconds(300));
    }

    // --- what a stale page is used for (CacheStrategy) ---

    private static CachedPage page(String cacheControl, long graceSeconds) {
        long created = NOW.toEpochMilli();
        long freshUntil = created + 60_000;
        HeaderMap headers = cacheControl == null ? HeaderMap.of("Content-Type", "text/html")
                : HeaderMap.of("Content-Type", "text/html", "Cache-Control", cacheControl);
        return new CachedPage("k", 200, created, freshUntil, freshUntil + graceSeconds * 1000, 0, "\"e\"", headers,
                false, new byte[0], 0, Set.of());
    }

    private static CacheStrategy.Action at(CacheRule rule, CachedPage page, long secondsAfterCreation) {
        return CacheStrategy.decide(rule, GET, Optional.of(page), NOW.plusSeconds(secondsAfterCreation)).action();
    }

    @Test
    void withinStaleWhileRevalidateTheStaleCopyIsServedWhileOneRequestRefreshes() {
        CachedPage p = page("stale-while-revalidate=30, stale-if-error=600", 600);
        assertThat(at(rule(true), p, 59)).isEqualTo(CacheStrategy.Action.FRESH_HIT);
        assertThat(at(rule(true), p, 61)).isEqualTo(CacheStrategy.Action.STALE_REFRESH);
        assertThat(at(rule(true), p, 89)).isEqualTo(CacheStrategy.Action.STALE_REFRESH);
    }

    @Test
    void afterStaleWhileRevalidateButWithinStaleIfErrorThePageIsRenderedFirst() {
        CachedPage p = page("stale-while-revalidate=30, stale-if-error=600", 600);
        assertThat(at(rule(true), p, 90)).isEqualTo(CacheStrategy.Action.MISS);
        assertThat(at(rule(true), p, 600)).isEqualTo(CacheStrategy.Action.MISS);
    }

    @Test
    void staleIfErrorAloneNeverServesStaleWithoutAnError() {
        CachedPage p = page("stale-if-error=600", 600);
        assertThat(at(rule(true), p, 61)).isEqualTo(CacheStrategy.Action.MISS);
    }

    @Test
    void withoutOriginDirectivesTheWholeGraceRefreshesInTheBackground() {
        CachedPage p = page(null, 300);
        assertThat(at(rule(true), p, 61)).isEqualTo(CacheStrategy.Action.STALE_REFRESH);
        assertThat(at(rule(true), p, 359)).isEqualTo(CacheStrategy.Action.STALE_REFRESH);
        assertThat(at(rule(true), p, 360)).isEqualTo(CacheStrategy.Action.MISS);
    }

    @Test
    void withoutUseOriginStaleTheDirectivesDoNotChangeWhatGraceIsFor() {
        CachedPage p = page("stale-if-error=600", 300);
        assertThat(at(rule(false), p, 61)).isEqualTo(CacheStrategy.Action.STALE_REFRESH);
    }
}
