package io.outputcache.internal.key;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathPatternTest {

    @Test
    void exactPatternMatchesOnlyThatPath() {
        PathPattern p = PathPattern.compile("t", "/about");
        assertThat(p.matches("/about")).isTrue();
        assertThat(p.matches("/about/")).isFalse();
        assertThat(p.matches("/aboutx")).isFalse();
    }

    @Test
    void singleStarMatchesOneSegment() {
        PathPattern p = PathPattern.compile("t", "/products/*");
        assertThat(p.matches("/products/42")).isTrue();
        assertThat(p.matches("/products/")).isTrue();
        assertThat(p.matches("/products/42/reviews")).isFalse();
    }

    @Test
    void doubleStarAtTheEndCoversTheFolderAndEverythingBelow() {
        PathPattern p = PathPattern.compile("t", "/docs/**");
        assertThat(p.matches("/docs")).isTrue();
        assertThat(p.matches("/docs/a/b/c")).isTrue();
        assertThat(p.matches("/docsx")).isFalse();
    }

    @Test
    void starInsideASegment() {
        PathPattern p = PathPattern.compile("t", "/*.html");
        assertThat(p.matches("/index.html")).isTrue();
        assertThat(p.matches("/a/index.html")).isFalse();
    }

    @Test
    void regexCharactersAreLiteral() {
        assertThat(PathPattern.compile("t", "/a.b(c)").matches("/a.b(c)")).isTrue();
        assertThat(PathPattern.compile("t", "/a.b").matches("/axb")).isFalse();
    }

    @Test
    void patternMustStartWithSlash() {
        assertThatThrownBy(() -> PathPattern.compile("rule x include", "products/*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rule x include").hasMessageContaining("starting with '/'");
    }
}
