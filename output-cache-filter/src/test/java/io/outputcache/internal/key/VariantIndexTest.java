package io.outputcache.internal.key;

import io.outputcache.internal.http.HeaderMap;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class VariantIndexTest {
    private static final CacheKey PRIMARY = CacheKey.of("v1r4:httpp2:/a", "/a");

    @Test
    void varyNamesAreLowerCasedSortedAndDeduplicatedAcrossFieldLines() {
        HeaderMap response = HeaderMap.builder().add("Vary", "Accept-Language, Foo").add("Vary", "foo,  accept-language")
                .build();
        assertThat(VariantIndex.varyNames(response)).contains(List.of("accept-language", "foo"));
    }

    @Test
    void noVaryMeansNoNames() {
        assertThat(VariantIndex.varyNames(HeaderMap.of("Cache-Control", "max-age=60"))).contains(List.of());
    }

    @Test
    void varyStarHasNoSecondaryKey() {
        assertThat(VariantIndex.varyNames(HeaderMap.of("Vary", "Foo, *"))).isEmpty();
    }

    @Test
    void differentValuesOfAVariedFieldGiveDifferentKeys() {
        CacheKey a = VariantIndex.secondary(PRIMARY, List.of("foo"), HeaderMap.of("Foo", "1"));
        CacheKey b = VariantIndex.secondary(PRIMARY, List.of("foo"), HeaderMap.of("Foo", "2"));
        assertThat(a.hash()).isNotEqualTo(b.hash());
    }

    @Test
    void anAbsentFieldDiffersFromAnEmptyOne() {
        CacheKey absent = VariantIndex.secondary(PRIMARY, List.of("foo"), HeaderMap.empty());
        CacheKey empty = VariantIndex.secondary(PRIMARY, List.of("foo"), HeaderMap.of("Foo", ""));
        assertThat(absent.hash()).isNotEqualTo(empty.hash());
    }

    @Test
    void whiteSpaceAroundListMembersDoesNotSplitVariants() {
        CacheKey tight = VariantIndex.secondary(PRIMARY, List.of("foo"), HeaderMap.of("Foo", "a,b"));
        CacheKey spaced = VariantIndex.secondary(PRIMARY, List.of("foo"), HeaderMap.of("Foo", "a,   b"));
        assertThat(tight.hash()).isEqualTo(spaced.hash());
    }

    @Test
    void fieldsNotNamedByVaryDoNotChangeTheKey() {
        CacheKey a = VariantIndex.secondary(PRIMARY, List.of("foo"), HeaderMap.of("Foo", "1", "Bar", "x"));
        CacheKey b = VariantIndex.secondary(PRIMARY, List.of("foo"), HeaderMap.of("Foo", "1", "Bar", "y"));
        assertThat(a.hash()).isEqualTo(b.hash());
    }

    @Test
    void aSecondaryKeyKeepsThePathTagSoInvalidatingThePathRemovesEveryVariant() {
        CacheKey variant = VariantIndex.secondary(PRIMARY, List.of("foo"), HeaderMap.of("Foo", "1"));
        assertThat(variant.pathTag()).isEqualTo(PRIMARY.pathTag());
        assertThat(variant.canonical()).startsWith(PRIMARY.canonical()).isNotEqualTo(PRIMARY.canonical());
    }

    @Test
    void theIndexRoundTripsItsNames() {
        assertThat(VariantIndex.decode(VariantIndex.encode(List.of("accept-language", "foo"))))
                .contains(List.of("accept-language", "foo"));
    }

    @Test
    void aValueThatIsNotAnIndexIsNotReadAsOne() {
        assertThat(VariantIndex.decode("OCP\u0001whatever".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
        assertThat(VariantIndex.decode(new byte[0])).isEmpty();
    }

    @Test
    void anIndexWithANameThatIsNotATokenIsRejected() {
        byte[] bad = "OCVI1\nfoo bar".getBytes(StandardCharsets.US_ASCII);
        assertThat(VariantIndex.decode(bad)).isEqualTo(Optional.empty());
    }
}
