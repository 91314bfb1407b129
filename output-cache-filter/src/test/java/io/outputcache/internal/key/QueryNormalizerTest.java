package io.outputcache.internal.key;

import io.outputcache.CacheRule;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class QueryNormalizerTest {
    private final QueryNormalizer defaults = new QueryNormalizer(CacheRule.DEFAULT_IGNORED_QUERY_PARAMS, Optional.empty());

    @Test
    void sortsParametersByName() {
        assertThat(defaults.normalize("b=2&a=1")).contains("a=1&b=2");
    }

    @Test
    void keepsTheOrderOfRepeatedParameters() {
        assertThat(defaults.normalize("a=2&b=0&a=1")).contains("a=2&a=1&b=0");
    }

    @Test
    void dropsTrackingParametersByDefault() {
        assertThat(defaults.normalize("utm_source=x&q=shoes&fbclid=abc&utm_medium=y")).contains("q=shoes");
    }

    @Test
    void encodesOneWay() {
        assertThat(defaults.normalize("q=a+b")).isEqualTo(defaults.normalize("q=a%20b"));
        assertThat(defaults.normalize("q=%7e")).isEqualTo(defaults.normalize("q=~"));
        assertThat(defaults.normalize("q=%2f")).contains("q=%2F");
    }

    @Test
    void distinguishesNameOnlyFromEmptyValue() {
        assertThat(defaults.normalize("a")).isNotEqualTo(defaults.normalize("a="));
    }

    @Test
    void emptyOrMissingQueryIsEmpty() {
        assertThat(defaults.normalize(null)).contains("");
        assertThat(defaults.normalize("")).contains("");
        assertThat(defaults.normalize("&&")).contains("");
        assertThat(defaults.normalize("utm_campaign=x")).contains("");
    }

    @Test
    void malformedEscapeMakesTheQueryUnusable() {
        assertThat(defaults.normalize("q=%zz")).isEmpty();
        assertThat(defaults.normalize("q=%4")).isEmpty();
    }

    @Test
    void allowListKeepsOnlyNamedParameters() {
        QueryNormalizer allow = new QueryNormalizer(List.of(), Optional.of(List.of("page", "sort*")));
        assertThat(allow.normalize("page=2&x=1&sortBy=price&session=abc")).contains("page=2&sortBy=price");
    }

    @Test
    void ignoredGlobsMatchWholeNames() {
        QueryNormalizer q = new QueryNormalizer(List.of("*_id", "exact"), Optional.empty());
        assertThat(q.normalize("track_id=1&exact=2&exactly=3&id=4")).contains("exactly=3&id=4");
    }

    @Test
    void delimitersInsideValuesCannotForgeParameters() {
        assertThat(defaults.normalize("a=1%26b%3D2")).isNotEqualTo(defaults.normalize("a=1&b=2"));
    }
}
