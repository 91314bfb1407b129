package io.outputcache.internal.http;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Targeted cache control fields (RFC 9213) and their Structured Fields syntax (RFC 8941 §4.2.2). */
class TargetedCacheControlTest {

    private static Optional<CacheControl> parse(String value) {
        return TargetedCacheControl.parseDictionary(value);
    }

    @Test
    void theDefaultTargetListIsCdnCacheControlPassedOn() {
        assertThat(TargetedCacheControl.DEFAULT.names()).containsExactly("CDN-Cache-Control");
        assertThat(TargetedCacheControl.DEFAULT.isConsumed("cdn-cache-control")).isFalse();
    }

    @Test
    void theSitesOwnFieldComesFirstAndIsConsumed() {
        TargetedCacheControl t = TargetedCacheControl.withOwnField("OutputCache-Control");
        assertThat(t.names()).containsExactly("OutputCache-Control", "CDN-Cache-Control");
        assertThat(t.isConsumed("outputcache-control")).isTrue();
        assertThat(t.isConsumed("CDN-Cache-Control")).isFalse();
    }

    @Test
    void theFirstFieldOfTheListWithAValidValueApplies() {
        TargetedCacheControl t = TargetedCacheControl.withOwnField("OutputCache-Control");
        HeaderMap both = HeaderMap.of("CDN-Cache-Control", "max-age=600", "OutputCache-Control", "max-age=5");
        assertThat(t.select(both)).hasValueSatisfying(s -> {
            assertThat(s.fieldName()).isEqualTo("OutputCache-Control");
            assertThat(s.directives().seconds("max-age")).hasValueSatisfying(d -> assertThat(d).hasSeconds(5));
        });
    }

    @Test
    void anInvalidOrEmptyFieldFallsThroughToTheNext() {
        TargetedCacheControl t = TargetedCacheControl.withOwnField("OutputCache-Control");
        assertThat(t.select(HeaderMap.of("OutputCache-Control", "Max-Age=5", "CDN-Cache-Control", "no-store")))
                .hasValueSatisfying(s -> assertThat(s.fieldName()).isEqualTo("CDN-Cache-Control"));
        assertThat(t.select(HeaderMap.of("OutputCache-Control", "  ", "CDN-Cache-Control", "no-store")))
                .hasValueSatisfying(s -> assertThat(s.fieldName()).isEqualTo("CDN-Cache-Control"));
        assertThat(t.select(HeaderMap.of("CDN-Cache-Control", "max-age=60,"))).isEmpty();
        assertThat(t.select(HeaderMap.of("Cache-Control", "max-age=60"))).isEmpty();
    }

    @Test
    void aDictionaryMapsToDirectives() {
        CacheControl cc = parse("max-age=60, no-cache=\"Set-Cookie, X-Foo\", private;p=1, s-maxage=10").orElseThrow();
        assertThat(cc.seconds("max-age")).hasValueSatisfying(d -> assertThat(d).hasSeconds(60));
        assertThat(cc.argument("no-cache")).contains("Set-Cookie, X-Foo");
        assertThat(cc.has("private")).isTrue();
        assertThat(cc.argument("private")).contains("");
        assertThat(cc.seconds("s-maxage")).hasValueSatisfying(d -> assertThat(d).hasSeconds(10));
    }

    @Test
    void booleanFalseIsAbsentAndARepeatedKeyKeepsTheLastValue() {
        CacheControl cc = parse("no-store=?0, max-age=1, max-age=2, public=?1").orElseThrow();
        assertThat(cc.has("no-store")).isFalse();
        assertThat(cc.seconds("max-age")).hasValueSatisfying(d -> assertThat(d).hasSeconds(2));
        assertThat(cc.has("public")).isTrue();
    }

    @Test
    void aDecimalOrNegativeMaxAgeIsPresentWithoutAUsableValue() {
        CacheControl cc = parse("max-age=1.5").orElseThrow();
        assertThat(cc.has("max-age")).isTrue();
        assertThat(cc.seconds("max-age")).isEmpty();
        assertThat(parse("max-age=-5").orElseThrow().seconds("max-age")).isEmpty();
    }

    @Test
    void whatIsNotADictionaryIsInvalid() {
        for (String invalid : new String[] {"Max-Age=60", "max-age=60,", "max-age=60;", "max-age=\"60", "max-age=60 x",
                "max-age==1", "1max-age", "a=1.2345", "a=?2", "a=(1 2", "a=:abc"}) {
            assertThat(parse(invalid)).as(invalid).isEmpty();
        }
        assertThat(parse("a=(1 2), b=:aGk=:, c=tok/en")).isPresent();
    }

    @Test
    void fieldNamesAreChecked() {
        assertThatThrownBy(() -> TargetedCacheControl.withOwnField("Bad Name"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Bad Name'");
        assertThatThrownBy(() -> TargetedCacheControl.withOwnField("Cache-Control"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("own meaning");
        assertThatThrownBy(() -> TargetedCacheControl.withOwnField("cdn-cache-control"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TargetedCacheControl.of(List.of("A-Control", "a-control"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> TargetedCacheControl.of(List.of("A-Control"), Set.of("B-Control")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not on the target list");
    }
}
