package io.outputcache.internal.policy;

import io.outputcache.CacheMode;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.RequestFacts;
import io.outputcache.internal.policy.CacheStrategy.Action;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CacheStrategyTest {
    private static final Instant STORED_AT = Instant.parse("2026-11-26T10:00:00Z");
    private static final RequestFacts GET = new RequestFacts("GET", "http", "h", 80, "", "/p", null, HeaderMap.empty());

    /** Stored at STORED_AT, fresh for 60 s, then 30 s of grace. */
    private static CachedPage page(String... headers) {
        long t = STORED_AT.toEpochMilli();
        return new CachedPage("k", 200, t, t + 60_000, t + 90_000, 0, "\"e\"", HeaderMap.of(headers), false,
                new byte[0], 0, Set.of());
    }

    private static Action output(Clock clock, Optional<CachedPage> page) {
        return CacheStrategy.decide(CacheMode.OUTPUT, GET, page, clock.instant()).action();
    }

    private static Clock at(Duration afterStore) {
        return Clock.fixed(STORED_AT.plus(afterStore), ZoneOffset.UTC);
    }

    @Test
    void nothingStoredIsAMiss() {
        assertThat(output(at(Duration.ZERO), Optional.empty())).isEqualTo(Action.MISS);
    }

    @Test
    void freshEntryIsAHit() {
        assertThat(output(at(Duration.ofSeconds(59)), Optional.of(page()))).isEqualTo(Action.FRESH_HIT);
    }

    @Test
    void entryInGraceIsServedStaleWhileOneRefreshes() {
        assertThat(output(at(Duration.ofSeconds(60)), Optional.of(page()))).isEqualTo(Action.STALE_REFRESH);
        assertThat(output(at(Duration.ofSeconds(89)), Optional.of(page()))).isEqualTo(Action.STALE_REFRESH);
    }

    @Test
    void entryPastGraceIsAMiss() {
        assertThat(output(at(Duration.ofSeconds(90)), Optional.of(page()))).isEqualTo(Action.MISS);
    }

    @Test
    void outputModeIgnoresTheClientsNoCache() {
        RequestFacts noCache = new RequestFacts("GET", "http", "h", 80, "", "/p", null,
                HeaderMap.of("Cache-Control", "no-cache", "Pragma", "no-cache"));
        assertThat(CacheStrategy.decide(CacheMode.OUTPUT, noCache, Optional.of(page()), at(Duration.ofSeconds(1)).instant())
                .action()).isEqualTo(Action.FRESH_HIT);
    }

    @Test
    void httpModeRevalidatesWhenTheClientAsksAndAValidatorExists() {
        RequestFacts noCache = new RequestFacts("GET", "http", "h", 80, "", "/p", null, HeaderMap.of("Cache-Control", "no-cache"));
        assertThat(CacheStrategy.decide(CacheMode.HTTP, noCache, Optional.of(page("ETag", "\"e\"")),
                at(Duration.ofSeconds(1)).instant()).action()).isEqualTo(Action.REVALIDATE);
        assertThat(CacheStrategy.decide(CacheMode.HTTP, noCache, Optional.of(page()),
                at(Duration.ofSeconds(1)).instant()).action()).isEqualTo(Action.MISS);
    }

    @Test
    void httpModeHonoursTheClientsMaxAge() {
        RequestFacts maxAge = new RequestFacts("GET", "http", "h", 80, "", "/p", null, HeaderMap.of("Cache-Control", "max-age=10"));
        assertThat(CacheStrategy.decide(CacheMode.HTTP, maxAge, Optional.of(page()), at(Duration.ofSeconds(5)).instant())
                .action()).isEqualTo(Action.FRESH_HIT);
        assertThat(CacheStrategy.decide(CacheMode.HTTP, maxAge, Optional.of(page()), at(Duration.ofSeconds(11)).instant())
                .action()).isEqualTo(Action.MISS);
    }

    @Test
    void httpModeOnlyIfCachedWithoutEntryIsUnsatisfiable() {
        RequestFacts onlyIfCached = new RequestFacts("GET", "http", "h", 80, "", "/p", null,
                HeaderMap.of("Cache-Control", "only-if-cached"));
        assertThat(CacheStrategy.decide(CacheMode.HTTP, onlyIfCached, Optional.empty(), STORED_AT).action())
                .isEqualTo(Action.UNSATISFIABLE);
    }

    @Test
    void httpModeStoredNoCacheIsAlwaysRevalidated() {
        assertThat(CacheStrategy.decide(CacheMode.HTTP, GET, Optional.of(page("Cache-Control", "no-cache", "ETag", "\"e\"")),
                at(Duration.ofSeconds(1)).instant()).action()).isEqualTo(Action.REVALIDATE);
    }

    @Test
    void httpModeMustRevalidateForbidsServingStale() {
        assertThat(CacheStrategy.decide(CacheMode.HTTP, GET,
                Optional.of(page("Cache-Control", "max-age=60, must-revalidate", "ETag", "\"e\"")),
                at(Duration.ofSeconds(61)).instant()).action()).isEqualTo(Action.REVALIDATE);
    }
}
