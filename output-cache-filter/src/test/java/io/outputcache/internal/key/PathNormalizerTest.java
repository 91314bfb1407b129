package io.outputcache.internal.key;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PathNormalizerTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/, /",
            "/a/b, /a/b",
            "/a/b/, /a/b/",
            "/a/./b, /a/b",
            "/a/b/.., /a/",
            "/a/b/../c, /a/c",
            "/%7Euser, /~user",
            "/%61%62c, /abc",
            "/a%2fb%3f, ",
            "/caf%c3%a9, /caf%C3%A9",
            "/account;jsessionid=123, /account",
            "/account;x.css, /account",
            "/account%3Bx.css, /account%3Bx.css",
            "/account%23x.css, /account%23x.css",
            "/a/%2e%2e/b, /b",
            "/a//b, /a//b",
    })
    void normalisesToOneCanonicalForm(String raw, String expected) {
        if (expected == null) {
            assertThat(PathNormalizer.normalize(raw)).isEmpty();
        } else {
            assertThat(PathNormalizer.normalize(raw)).contains(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a%2Fb", "/a%5cb", "/a%00b", "/a\\b", "/%zz", "/%4", "/..", "/a/../..", "relative", "",
            "/a b", "/a%0Ab"})
    void refusesAmbiguousOrMalformedPaths(String raw) {
        assertThat(PathNormalizer.normalize(raw)).isEmpty();
    }

    @Test
    void escapedAndUnescapedUnreservedCharactersAreTheSamePath() {
        assertThat(PathNormalizer.normalize("/products/%41bc-%5F")).isEqualTo(PathNormalizer.normalize("/products/Abc-_"));
    }

    @Test
    void rawUtf8AndItsEscapeAreTheSamePath() {
        assertThat(PathNormalizer.normalize("/café")).isEqualTo(PathNormalizer.normalize("/caf%C3%A9"));
    }

    @Test
    void nullIsRefused() {
        assertThat(PathNormalizer.normalize(null)).isEmpty();
    }
}
