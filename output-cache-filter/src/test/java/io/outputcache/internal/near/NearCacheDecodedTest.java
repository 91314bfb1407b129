package io.outputcache.internal.near;

import io.outputcache.internal.entry.Bodies;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.entry.EntryCodec;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoded page each near copy keeps: recalled only for the copy's own array, gone with the copy, and its
 * identity bytes (inflated once) counted in the bound.
 */
class NearCacheDecodedTest {
    private static final byte[] IDENTITY = "<p>a near page, a near page</p>".repeat(400).getBytes(StandardCharsets.UTF_8);

    private final MutableClock clock = MutableClock.atRealNow();
    private final NearCache cache = new NearCache(1 << 20, clock);

    NearCacheDecodedTest() {
        cache.enable();
    }

    /** A gzip entry fresh for 10 s with 20 s of grace after that. */
    private byte[] gzipEntry(String tag) {
        long now = clock.millis();
        return EntryCodec.encode(new CachedPage("k", 200, now, now + 10_000, now + 30_000, 0, "\"e\"",
                HeaderMap.of("Content-Type", "text/html"), true, Bodies.gzip(IDENTITY), IDENTITY.length, Set.of(tag)));
    }

    private byte[] filled(String key) {
        byte[] value = gzipEntry("t");
        assertThat(cache.fill(key, value, cache.stamp(key))).isTrue();
        return value;
    }

    @Test
    void theCopysOwnArrayRecallsTheSamePageEveryTime() {
        byte[] value = filled("p:1");
        CachedPage page = cache.decoded("p:1", cache.get("p:1"));
        assertThat(page).isNotNull();
        assertThat(page.canonicalKey()).isEqualTo("k");
        assertThat(page.etag()).isEqualTo("\"e\"");
        assertThat(cache.decoded("p:1", value)).isSameAs(page);
    }

    @Test
    void equalBytesInAnotherArrayRecallNothing() {
        byte[] value = filled("p:1");
        assertThat(cache.decoded("p:1", value.clone())).isNull();
        assertThat(cache.decoded("p:2", value)).isNull();
    }

    @Test
    void aNewerCopyUnderTheKeyDoesNotAnswerForTheOldArray() {
        byte[] old = filled("p:1");
        byte[] newer = filled("p:1");
        assertThat(cache.decoded("p:1", old)).isNull();
        assertThat(cache.decoded("p:1", newer)).isNotNull();
    }

    @Test
    void droppingTheCopyDropsItsPage() {
        byte[] a = filled("p:1");
        byte[] b = filled("p:2");
        byte[] c = filled("p:3");
        cache.dropKeys(List.of("p:1"));
        cache.dropTag("t");
        assertThat(cache.decoded("p:1", a)).isNull();
        assertThat(cache.decoded("p:2", b)).isNull();
        byte[] d = filled("p:4");
        cache.dropAll();
        assertThat(cache.decoded("p:3", c)).isNull();
        assertThat(cache.decoded("p:4", d)).isNull();
    }

    @Test
    void aCopyPastItsGraceRecallsNothing() {
        byte[] value = filled("p:1");
        clock.advance(Duration.ofSeconds(30));
        assertThat(cache.get("p:1")).isNull();
        assertThat(cache.decoded("p:1", value)).isNull();
    }

    @Test
    void identityBytesAreInflatedOnceAndEqualTheGunzippedBody() throws IOException {
        byte[] value = filled("p:1");
        CachedPage page = cache.decoded("p:1", value);
        assertThat(page.identity().kept()).isNull();
        byte[] first = page.identityBody();
        assertThat(first).isEqualTo(Bodies.gunzip(page.body())).isEqualTo(IDENTITY);
        assertThat(page.identityBody()).isSameAs(first);
        assertThat(cache.decoded("p:1", value).identityBody()).isSameAs(first);
    }

    @Test
    void theWeightCountsTheDecodedPageAndThenTheIdentityBytes() throws IOException {
        byte[] value = filled("p:1");
        cache.cleanUp();
        long decoded = cache.weightedBytes();
        assertThat(decoded).isEqualTo(2L * "p:1".length() + 2L * value.length + NearCache.OVERHEAD);

        cache.decoded("p:1", value).identityBody();
        cache.cleanUp();
        assertThat(cache.weightedBytes()).isEqualTo(decoded + IDENTITY.length);
        assertThat(cache.decoded("p:1", value)).isNotNull(); // re-weighed, still the copy of the same bytes
    }

    @Test
    void identityBytesInflatedAfterTheDropDoNotBringTheCopyBack() throws IOException {
        byte[] value = filled("p:1");
        CachedPage page = cache.decoded("p:1", value);
        cache.dropKeys(List.of("p:1"));
        assertThat(page.identityBody()).isEqualTo(IDENTITY); // a request that held the page still writes it
        cache.cleanUp();
        assertThat(cache.get("p:1")).isNull();
        assertThat(cache.weightedBytes()).isZero();
    }

    @Test
    void theIdentityBytesOfACopyStayWithinTheBound() throws IOException {
        NearCache small = new NearCache(64 * 1024, clock);
        small.enable();
        for (int i = 0; i < 20; i++) {
            byte[] value = gzipEntry("t");
            small.fill("p:" + i, value, small.stamp("p:" + i));
            CachedPage page = small.decoded("p:" + i, value);
            if (page != null) {
                page.identityBody();
            }
        }
        small.cleanUp();
        assertThat(small.weightedBytes()).isLessThanOrEqualTo(64 * 1024);
    }
}
