package io.outputcache.internal.near;

import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.entry.EntryCodec;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class NearCacheTest {
    private final MutableClock clock = MutableClock.atRealNow();
    private final NearCache cache = enabled(new NearCache(64 * 1024, clock));

    private static NearCache enabled(NearCache c) {
        c.enable();
        return c;
    }

    /** An entry fresh for 10 s with 20 s of grace after that. */
    private byte[] entry(String body, String... tags) {
        long now = clock.millis();
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return EntryCodec.encode(new CachedPage("k", 200, now, now + 10_000, now + 30_000, 0, "", HeaderMap.empty(),
                false, b, b.length, Set.of(tags)));
    }

    @Test
    void aFilledCopyIsAnswered() {
        byte[] value = entry("a");
        assertThat(cache.fill("p:1", value, cache.generation())).isTrue();
        assertThat(cache.get("p:1")).isSameAs(value);
    }

    @Test
    void aCopyLivesUntilStaleUntilAndNotAMillisecondLonger() {
        cache.fill("p:1", entry("a"), cache.generation());
        clock.advance(Duration.ofMillis(29_999));
        assertThat(cache.get("p:1")).isNotNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.get("p:1")).isNull();
    }

    @Test
    void anEntryAlreadyPastItsGraceIsNotCopied() {
        byte[] value = entry("a");
        clock.advance(Duration.ofSeconds(30));
        assertThat(cache.fill("p:1", value, cache.generation())).isFalse();
    }

    @Test
    void valuesThatAreNotEntriesAreNotCopied() {
        assertThat(cache.fill("p:1", "OCVI1\naccept".getBytes(StandardCharsets.US_ASCII), cache.generation())).isFalse();
        assertThat(cache.fill("p:1", null, cache.generation())).isFalse();
    }

    @Test
    void aReadSentBeforeAnInvalidationDoesNotFill() {
        long sentAt = cache.generation();
        cache.dropKeys(List.of("p:other")); // any invalidation in between, even of another key
        assertThat(cache.fill("p:1", entry("old"), sentAt)).isFalse();
        assertThat(cache.get("p:1")).isNull();
    }

    @Test
    void droppingKeysDropsOnlyThose() {
        cache.fill("p:1", entry("a"), cache.generation());
        cache.fill("p:2", entry("b"), cache.generation());
        cache.dropKeys(List.of("p:1"));
        assertThat(cache.get("p:1")).isNull();
        assertThat(cache.get("p:2")).isNotNull();
    }

    @Test
    void droppingATagDropsEveryCopyCarryingIt() {
        cache.fill("p:1", entry("a", "product:7", "nav"), cache.generation());
        cache.fill("f:2", entry("b", "product:7"), cache.generation());
        cache.fill("p:3", entry("c", "nav"), cache.generation());
        cache.dropTag("product:7");
        assertThat(cache.get("p:1")).isNull();
        assertThat(cache.get("f:2")).isNull();
        assertThat(cache.get("p:3")).isNotNull();
    }

    @Test
    void aDisabledCacheIsEmptyAndDoesNotFill() {
        cache.fill("p:1", entry("a"), cache.generation());
        cache.disable();
        assertThat(cache.get("p:1")).isNull();
        assertThat(cache.fill("p:1", entry("a"), cache.generation())).isFalse();
    }

    @Test
    void aReadSentWhileDisabledDoesNotFillAfterEnabling() {
        cache.disable();
        long sentAt = cache.generation();
        cache.enable();
        assertThat(cache.fill("p:1", entry("a"), sentAt)).isFalse();
        assertThat(cache.fill("p:1", entry("a"), cache.generation())).isTrue();
    }

    @Test
    void theBoundIsInBytes() {
        String body = "x".repeat(8 * 1024);
        for (int i = 0; i < 50; i++) {
            cache.fill("p:" + i, entry(body), cache.generation());
        }
        cache.cleanUp();
        assertThat(cache.weightedBytes()).isLessThanOrEqualTo(64 * 1024);
        assertThat(cache.entries()).isBetween(1L, 8L);
    }
}
