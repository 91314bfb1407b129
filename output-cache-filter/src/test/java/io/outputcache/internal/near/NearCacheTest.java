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
        assertThat(cache.fill("p:1", value, cache.stamp("p:1"))).isTrue();
        assertThat(cache.get("p:1")).isSameAs(value);
    }

    @Test
    void aCopyLivesUntilStaleUntilAndNotAMillisecondLonger() {
        cache.fill("p:1", entry("a"), cache.stamp("p:1"));
        clock.advance(Duration.ofMillis(29_999));
        assertThat(cache.get("p:1")).isNotNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.get("p:1")).isNull();
    }

    @Test
    void anEntryAlreadyPastItsGraceIsNotCopied() {
        byte[] value = entry("a");
        clock.advance(Duration.ofSeconds(30));
        assertThat(cache.fill("p:1", value, cache.stamp("p:1"))).isFalse();
    }

    @Test
    void valuesThatAreNotEntriesAreNotCopied() {
        assertThat(cache.fill("p:1", "OCVI1\naccept".getBytes(StandardCharsets.US_ASCII), cache.stamp("p:1"))).isFalse();
        assertThat(cache.fill("p:1", null, cache.stamp("p:1"))).isFalse();
    }

    @Test
    void aReadSentBeforeTheKeysInvalidationDoesNotFill() {
        long sentAt = cache.stamp("p:1");
        cache.dropKeys(List.of("p:1"));
        assertThat(cache.fill("p:1", entry("old"), sentAt)).isFalse();
        assertThat(cache.get("p:1")).isNull();
    }

    @Test
    void aReadSentBeforeATagOrClearDoesNotFillWhateverItsKey() {
        long sentAt = cache.stamp("p:1");
        cache.dropTag("anything");
        assertThat(cache.fill("p:1", entry("old"), sentAt)).isFalse();
        sentAt = cache.stamp("p:1");
        cache.dropAll();
        assertThat(cache.fill("p:1", entry("old"), sentAt)).isFalse();
    }

    @Test
    void theWriteOfAnotherPageDoesNotRefuseAFillMostOfTheTime() {
        // keys in other stripes do not touch this read's stamp
        long sentAt = cache.stamp("p:1");
        int refused = 0;
        for (int i = 0; i < 64; i++) {
            cache.dropKeys(List.of("p:other" + i));
            if (cache.stamp("p:1") != sentAt) {
                refused++;
                sentAt = cache.stamp("p:1");
            }
        }
        assertThat(refused).isLessThan(8);
        assertThat(cache.fill("p:1", entry("a"), sentAt)).isTrue();
    }

    @Test
    void droppingKeysDropsOnlyThose() {
        cache.fill("p:1", entry("a"), cache.stamp("p:1"));
        cache.fill("p:2", entry("b"), cache.stamp("p:2"));
        cache.dropKeys(List.of("p:1"));
        assertThat(cache.get("p:1")).isNull();
        assertThat(cache.get("p:2")).isNotNull();
    }

    @Test
    void droppingATagDropsEveryCopyCarryingIt() {
        cache.fill("p:1", entry("a", "product:7", "nav"), cache.stamp("p:1"));
        cache.fill("f:2", entry("b", "product:7"), cache.stamp("f:2"));
        cache.fill("p:3", entry("c", "nav"), cache.stamp("p:3"));
        cache.dropTag("product:7");
        assertThat(cache.get("p:1")).isNull();
        assertThat(cache.get("f:2")).isNull();
        assertThat(cache.get("p:3")).isNotNull();
    }

    @Test
    void aDisabledCacheIsEmptyAndDoesNotFill() {
        cache.fill("p:1", entry("a"), cache.stamp("p:1"));
        cache.disable();
        assertThat(cache.get("p:1")).isNull();
        assertThat(cache.fill("p:1", entry("a"), cache.stamp("p:1"))).isFalse();
    }

    @Test
    void aReadSentWhileDisabledDoesNotFillAfterEnabling() {
        cache.disable();
        long sentAt = cache.stamp("p:1");
        cache.enable();
        assertThat(cache.fill("p:1", entry("a"), sentAt)).isFalse();
        assertThat(cache.fill("p:1", entry("a"), cache.stamp("p:1"))).isTrue();
    }

    @Test
    void theBoundIsInBytes() {
        String body = "x".repeat(8 * 1024);
        for (int i = 0; i < 50; i++) {
            cache.fill("p:" + i, entry(body), cache.stamp("p:" + i));
        }
        cache.cleanUp();
        assertThat(cache.weightedBytes()).isLessThanOrEqualTo(64 * 1024);
        assertThat(cache.entries()).isBetween(1L, 8L);
    }
}
