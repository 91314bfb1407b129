package io.outputcache.internal.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SurrogateControlTest {

    @Test
    void noSurrogateControlMeansCacheControlRules() {
        assertThat(SurrogateControl.forThisCache(HeaderMap.of("Cache-Control", "max-age=1"))).isEmpty();
    }

    @Test
    void untargetedDirectivesApply() {
        CacheControl cc = SurrogateControl.forThisCache(HeaderMap.of("Surrogate-Control", "max-age=30")).orElseThrow();
        assertThat(cc.seconds("max-age")).contains(Duration.ofSeconds(30));
    }

    @Test
    void directivesTargetedAtThisCacheApply() {
        CacheControl cc = SurrogateControl.forThisCache(HeaderMap.of("Surrogate-Control", "max-age=30;outputcache"))
                .orElseThrow();
        assertThat(cc.seconds("max-age")).contains(Duration.ofSeconds(30));
    }

    @Test
    void directivesTargetedElsewhereAreIgnored() {
        assertThat(SurrogateControl.forThisCache(HeaderMap.of("Surrogate-Control", "max-age=30;not-for-you"))).isEmpty();
    }

    @Test
    void directiveNamesCompareWithoutCase() {
        CacheControl cc = SurrogateControl.forThisCache(HeaderMap.of("Surrogate-Control", "MaX-aGe=30")).orElseThrow();
        assertThat(cc.seconds("max-age")).contains(Duration.ofSeconds(30));
    }
}
