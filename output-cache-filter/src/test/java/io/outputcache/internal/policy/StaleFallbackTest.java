package io.outputcache.internal.policy;

import io.outputcache.CacheMode;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.TargetedCacheControl;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** When a stale copy stands in for a render, with a fixed clock. */
class StaleFallbackTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final long MS = NOW.toEpochMilli();

    private static CachedPage page(long freshUntil, long staleUntil) {
        return new CachedPage("k", 200, MS - 60_000, freshUntil, staleUntil, 0, "", HeaderMap.empty(), false,
                new byte[0], 0, Set.of());
    }

    @Test
    void aMissInOutputModeFallsBackOnAPageWithinGrace() {
        Optional<CachedPage> inGrace = Optional.of(page(MS - 1_000, MS + 1_000));
        assertThat(StaleFallback.forMiss(CacheMode.OUTPUT, inGrace, NOW)).isEqualTo(inGrace);
    }

    @Test
    void aPagePastItsGraceIsNoFallback() {
        assertThat(StaleFallback.forMiss(CacheMode.OUTPUT, Optional.of(page(MS - 2_000, MS - 1_000)), NOW)).isEmpty();
    }

    @Test
    void httpModeHasNoFallbackForAMiss() {
        assertThat(StaleFallback.forMiss(CacheMode.HTTP, Optional.of(page(MS - 1_000, MS + 1_000)), NOW)).isEmpty();
    }

    @Test
    void aThrowingRenderFallsBackOnlyWhenNothingWasCommitted() {
        Optional<CachedPage> fallback = Optional.of(page(MS - 1_000, MS + 1_000));
        assertThat(StaleFallback.afterThrow(fallback, false)).isTrue();
        assertThat(StaleFallback.afterThrow(fallback, true)).isFalse();
        assertThat(StaleFallback.afterThrow(Optional.empty(), false)).isFalse();
    }

    @Test
    void onlyServerErrorsFallBack() {
        Optional<CachedPage> fallback = Optional.of(page(MS - 1_000, MS + 1_000));
        assertThat(StaleFallback.afterStatus(fallback, 500)).isTrue();
        assertThat(StaleFallback.afterStatus(fallback, 503)).isTrue();
        assertThat(StaleFallback.afterStatus(fallback, 404)).isFalse();
        assertThat(StaleFallback.afterStatus(fallback, 200)).isFalse();
        assertThat(StaleFallback.afterStatus(Optional.empty(), 500)).isFalse();
    }

    @Test
    void aFollowerOfAFailedRenderServesTheStaleCopyItWasHanded() {
        Optional<CachedPage> fallback = Optional.of(page(MS - 1_000, MS + 1_000));
        assertThat(StaleFallback.followsFailedRender(fallback, page(MS - 1_000, MS + 1_000), NOW)).isTrue();
        assertThat(StaleFallback.followsFailedRender(fallback, page(MS + 60_000, MS + 90_000), NOW)).isFalse();
        assertThat(StaleFallback.followsFailedRender(Optional.empty(), page(MS - 1_000, MS + 1_000), NOW)).isFalse();
    }

    private static CachedPage httpPage(long freshUntil, long staleUntil, String... headers) {
        return new CachedPage("k", 200, MS - 60_000, freshUntil, staleUntil, 0, "", HeaderMap.of(headers), false,
                new byte[0], 0, Set.of());
    }

    @Test
    void httpModeFallsBackWithinTheOriginsStaleIfErrorWindow() {
        // Fresh until 1 s ago, stale-if-error for 60 s after that: a failed render may be replaced (RFC 5861 §4).
        Optional<CachedPage> within = Optional.of(httpPage(MS - 1_000, MS + 59_000,
                "Cache-Control", "max-age=1, stale-if-error=60"));
        assertThat(StaleFallback.forMiss(CacheMode.HTTP, within, NOW, TargetedCacheControl.DEFAULT)).isEqualTo(within);
        Optional<CachedPage> past = Optional.of(httpPage(MS - 61_000, MS + 1_000,
                "Cache-Control", "max-age=1, stale-if-error=60"));
        assertThat(StaleFallback.forMiss(CacheMode.HTTP, past, NOW, TargetedCacheControl.DEFAULT)).isEmpty();
    }

    @Test
    void httpModeHasNoFallbackWhenTheDirectivesForbidStale() {
        Optional<CachedPage> mustRevalidate = Optional.of(httpPage(MS - 1_000, MS + 59_000,
                "Cache-Control", "max-age=1, stale-if-error=60, must-revalidate"));
        assertThat(StaleFallback.forMiss(CacheMode.HTTP, mustRevalidate, NOW, TargetedCacheControl.DEFAULT)).isEmpty();
        // The targeted field replaces Cache-Control for this cache (RFC 9213 §2.1): its must-revalidate counts.
        Optional<CachedPage> targeted = Optional.of(httpPage(MS - 1_000, MS + 59_000,
                "Cache-Control", "max-age=1, stale-if-error=60", "OutputCache-Control", "max-age=1, must-revalidate"));
        assertThat(StaleFallback.forMiss(CacheMode.HTTP, targeted, NOW,
                TargetedCacheControl.withOwnField("OutputCache-Control"))).isEmpty();
        assertThat(StaleFallback.forMiss(CacheMode.HTTP, targeted, NOW, TargetedCacheControl.DEFAULT)).isEqualTo(
                targeted);
    }

    @Test
    void aPageHasValidatorsWithAnETagOrALastModified() {
        assertThat(Revalidation.hasValidators(httpPage(MS, MS, "ETag", "\"a\""))).isTrue();
        assertThat(Revalidation.hasValidators(httpPage(MS, MS, "Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT")))
                .isTrue();
        assertThat(Revalidation.hasValidators(httpPage(MS, MS, "Cache-Control", "max-age=1"))).isFalse();
    }
}
