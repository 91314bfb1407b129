package io.outputcache.internal.policy;

import io.outputcache.CacheMode;
import io.outputcache.internal.http.HeaderMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoredHeadersTest {
    private static final String DATE = "Thu, 26 Nov 2026 05:00:00 GMT";

    @Test
    void httpModeStoresSetCookie() {
        HeaderMap stored = StoredHeaders.select(HeaderMap.of("Set-Cookie", "a=b"), HeaderMap.empty(), CacheMode.HTTP);
        assertThat(stored.all("set-cookie")).containsExactly("a=b");
    }

    @Test
    void outputModeNeverStoresSetCookie() {
        HeaderMap stored = StoredHeaders.select(HeaderMap.of("Set-Cookie", "a=b", "Set-Cookie2", "c=d"),
                HeaderMap.empty(), CacheMode.OUTPUT);
        assertThat(stored.contains("set-cookie")).isFalse();
        assertThat(stored.contains("set-cookie2")).isFalse();
    }

    @Test
    void httpModeKeepsTheOriginsDateEvenWhenTheContainerSetTheSameOneBefore() {
        HeaderMap stored = StoredHeaders.select(HeaderMap.of("Date", DATE), HeaderMap.of("Date", DATE), CacheMode.HTTP);
        assertThat(stored.all("date")).containsExactly(DATE);
    }

    @Test
    void fieldsSetInFrontOfTheFilterAreNotStored() {
        HeaderMap stored = StoredHeaders.select(HeaderMap.of("X-Frame-Options", "DENY", "X-Page", "1"),
                HeaderMap.of("X-Frame-Options", "DENY"), CacheMode.HTTP);
        assertThat(stored.names()).containsExactly("x-page");
    }

    @Test
    void fieldsListedInConnectionAreNotStored() {
        HeaderMap stored = StoredHeaders.select(HeaderMap.of("Connection", "a, b", "A", "1", "B", "2", "C", "3"),
                HeaderMap.empty(), CacheMode.HTTP);
        assertThat(stored.names()).containsExactly("c");
    }

    @Test
    void aNotModifiedDoesNotReplaceWhatDescribesTheStoredBytesInHttpMode() {
        for (String name : new String[] {"content-encoding", "content-length", "content-md5", "content-range", "etag"}) {
            assertThat(StoredHeaders.updatedBy304(name, CacheMode.HTTP)).as(name).isFalse();
        }
    }

    @Test
    void aNotModifiedReplacesContentTypeAndOtherFieldsInHttpMode() {
        assertThat(StoredHeaders.updatedBy304("content-type", CacheMode.HTTP)).isTrue();
        assertThat(StoredHeaders.updatedBy304("x-test", CacheMode.HTTP)).isTrue();
    }

    @Test
    void aNotModifiedKeepsTheStoredContentTypeInOutputMode() {
        assertThat(StoredHeaders.updatedBy304("content-type", CacheMode.OUTPUT)).isFalse();
    }

    @Test
    void fieldsListedByAQualifiedNoCacheAreNotStoredInHttpMode() {
        HeaderMap stored = StoredHeaders.select(HeaderMap.of("Cache-Control", "max-age=60, no-cache=\"A, b\"",
                "A", "1", "B", "2", "C", "3"), HeaderMap.empty(), CacheMode.HTTP);
        assertThat(stored.names()).containsExactly("cache-control", "c");
    }
}
