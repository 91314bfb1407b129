package io.outputcache.internal.policy;

import io.outputcache.internal.http.CacheControl;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NoCacheTest {

    @Test
    void unqualifiedNoCacheRequiresValidation() {
        assertThat(NoCache.requiresValidation(CacheControl.parse("no-cache, max-age=60"))).isTrue();
    }

    @Test
    void qualifiedNoCacheDoesNotRequireValidation() {
        assertThat(NoCache.requiresValidation(CacheControl.parse("no-cache=\"Set-Cookie\", max-age=60"))).isFalse();
    }

    @Test
    void qualifiedNoCacheListsItsFieldsLowerCased() {
        assertThat(NoCache.listedFields(CacheControl.parse("no-cache=\"Set-Cookie, X-Foo\"")))
                .containsExactly("set-cookie", "x-foo");
    }

    @Test
    void noNoCacheListsNothing() {
        assertThat(NoCache.listedFields(CacheControl.parse("max-age=60"))).isEmpty();
        assertThat(NoCache.requiresValidation(CacheControl.parse("max-age=60"))).isFalse();
    }
}
