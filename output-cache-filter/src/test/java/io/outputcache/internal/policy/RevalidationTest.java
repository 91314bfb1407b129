package io.outputcache.internal.policy;

import io.outputcache.CacheMode;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.SurrogateControl;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The validators sent when revalidating, and what a 304 updates (RFC 9111 §4.3). */
class RevalidationTest {
    private static CachedPage stored(String... headers) {
        return new CachedPage("k", 200, 0, 0, 0, 0, "", HeaderMap.of(headers), false, new byte[0], 0, Set.of());
    }

    @Test
    void theStoredValidatorsBecomeConditionalFields() {
        Map<String, String> fields = Revalidation.forwardedFields(CacheMode.OUTPUT,
                Optional.of(stored("ETag", "\"v1\"", "Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT")));
        assertThat(fields).containsExactly(Map.entry("If-None-Match", "\"v1\""),
                Map.entry("If-Modified-Since", "Tue, 01 Dec 2026 10:00:00 GMT"));
    }

    @Test
    void aPageWithoutValidatorsSendsNoConditionalFields() {
        assertThat(Revalidation.forwardedFields(CacheMode.OUTPUT, Optional.of(stored("Content-Type", "text/html"))))
                .isEmpty();
    }

    @Test
    void httpModeAnnouncesTheSurrogateCapability() {
        assertThat(Revalidation.forwardedFields(CacheMode.HTTP, Optional.empty()))
                .containsExactly(Map.entry(SurrogateControl.CAPABILITY_FIELD, SurrogateControl.CAPABILITY_VALUE));
    }

    @Test
    void a304ReplacesTheFieldsItCarriesAndKeepsTheOthers() {
        HeaderMap merged = Revalidation.merge(
                HeaderMap.of("Cache-Control", "max-age=10", "X-Kept", "a", "ETag", "\"v1\""),
                HeaderMap.of("Cache-Control", "max-age=60", "ETag", "\"v1\""), CacheMode.HTTP);
        assertThat(merged.all("cache-control")).containsExactly("max-age=60");
        assertThat(merged.all("x-kept")).containsExactly("a");
        assertThat(merged.all("etag")).containsExactly("\"v1\"");
    }
}
