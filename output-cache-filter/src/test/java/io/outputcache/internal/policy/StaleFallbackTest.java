package io.outputcache.internal.policy;

import io.outputcache.CacheMode;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.http.HeaderMap;
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
}
