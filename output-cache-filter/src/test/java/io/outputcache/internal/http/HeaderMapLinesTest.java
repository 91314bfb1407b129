package io.outputcache.internal.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The field lines of a map come name by name, as names() orders them, each name's values in arrival order. */
class HeaderMapLinesTest {

    @Test
    void linesFollowTheNamesAndTheirValues() {
        HeaderMap map = HeaderMap.of("Content-Type", "text/html", "Link", "</a>", "Cache-Control", "public",
                "link", "</b>");

        assertThat(map.lines()).containsExactly(
                new HeaderMap.Line("content-type", "Content-Type", "text/html", true),
                new HeaderMap.Line("link", "Link", "</a>", true),
                new HeaderMap.Line("link", "Link", "</b>", false),
                new HeaderMap.Line("cache-control", "Cache-Control", "public", true));
        assertThat(map.lines()).isSameAs(map.lines());
        assertThat(HeaderMap.empty().lines()).isEmpty();
    }
}
