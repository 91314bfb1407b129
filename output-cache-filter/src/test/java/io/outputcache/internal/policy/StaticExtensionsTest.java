package io.outputcache.internal.policy;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class StaticExtensionsTest {

    @Test
    void htmlUnderACssPathIsAMismatch() {
        assertThat(StaticExtensions.mismatch("/account/x.css", 200, Optional.of("text/html;charset=UTF-8")))
                .contains("css");
    }

    @Test
    void cssUnderACssPathIsFine() {
        assertThat(StaticExtensions.mismatch("/static/site.css", 200, Optional.of("text/css; charset=utf-8")))
                .isEmpty();
    }

    @Test
    void extensionAndTypeAreCaseInsensitive() {
        assertThat(StaticExtensions.mismatch("/a/B.JS", 200, Optional.of("Application/JavaScript"))).isEmpty();
        assertThat(StaticExtensions.mismatch("/a/B.JS", 200, Optional.of("text/html"))).contains("js");
    }

    @Test
    void structuredSuffixesCountForJsonAndXml() {
        assertThat(StaticExtensions.mismatch("/api/x.json", 200, Optional.of("application/problem+json"))).isEmpty();
        assertThat(StaticExtensions.mismatch("/feed.xml", 200, Optional.of("application/atom+xml"))).isEmpty();
    }

    @Test
    void binaryFilesMayBeOctetStreamButTextFilesMayNot() {
        assertThat(StaticExtensions.mismatch("/f.woff2", 200, Optional.of("application/octet-stream"))).isEmpty();
        assertThat(StaticExtensions.mismatch("/f.css", 200, Optional.of("application/octet-stream"))).contains("css");
    }

    @Test
    void aMissingTypeIsAMismatchUnlessTheStatusHasNoRepresentation() {
        assertThat(StaticExtensions.mismatch("/x.png", 200, Optional.empty())).contains("png");
        assertThat(StaticExtensions.mismatch("/x.png", 301, Optional.empty())).isEmpty();
        assertThat(StaticExtensions.mismatch("/x.png", 204, Optional.empty())).isEmpty();
    }

    @Test
    void pathsThatDoNotLookStaticAreNotChecked() {
        assertThat(StaticExtensions.mismatch("/account", 200, Optional.of("text/html"))).isEmpty();
        assertThat(StaticExtensions.mismatch("/report.html", 200, Optional.of("text/html"))).isEmpty();
        assertThat(StaticExtensions.mismatch("/v1.2/", 200, Optional.of("text/html"))).isEmpty();
        assertThat(StaticExtensions.mismatch("/dir.css/page", 200, Optional.of("text/html"))).isEmpty();
    }

    @Test
    void anEncodedDelimiterDoesNotHideTheExtension() {
        assertThat(StaticExtensions.mismatch("/account%23x.css", 200, Optional.of("text/html"))).contains("css");
        assertThat(StaticExtensions.mismatch("/account%3Bx.css", 200, Optional.of("text/html"))).contains("css");
    }
}
