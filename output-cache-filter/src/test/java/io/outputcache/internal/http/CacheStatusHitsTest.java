package io.outputcache.internal.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A fresh hit's Cache-Status text, kept per ttl second, reads exactly as the builder writes it. */
class CacheStatusHitsTest {

    @Test
    void theKeptTextIsTheBuiltText() {
        CacheStatus.Hits hits = new CacheStatus.Hits("outputcache");

        for (long ttl : new long[]{0, 1, 599, SecondTexts.SECONDS - 1, SecondTexts.SECONDS, -1,
                86_400}) {
            assertThat(hits.text(ttl)).isEqualTo(CacheStatus.of("outputcache").hit().ttl(ttl).toString());
            assertThat(hits.text(ttl)).isEqualTo(CacheStatus.of("outputcache").hit().ttl(ttl).toString());
        }
        assertThat(hits.text(42)).isSameAs(hits.text(42)).isEqualTo("outputcache; hit; ttl=42");
    }
}
