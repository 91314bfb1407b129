package io.outputcache.internal.key;

import io.outputcache.CacheRule;
import io.outputcache.config.ProxyHeaders;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.RequestFacts;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Of a Forwarded field only host= and proto= are keyed (RFC 7239): for= and by= never make an entry. */
class ForwardedHeaderTest {

    @Test
    void keepsHostAndProtoOfEachElementAndDropsForAndBy() {
        assertThat(ForwardedHeader.keyedPart(List.of("for=192.0.2.60;proto=HTTPS;by=203.0.113.43;host=Shop.Example")))
                .contains("proto=https;host=shop.example");
    }

    @Test
    void aFieldWithOnlyAddressesIsKeyedAsIfAbsent() {
        assertThat(ForwardedHeader.keyedPart(List.of("for=192.0.2.43, for=\"[2001:db8:cafe::17]:4711\";by=_hidden")))
                .isEmpty();
    }

    @Test
    void elementsWithoutHostOrProtoAreLeftOutWhateverTheirNumber() {
        assertThat(ForwardedHeader.keyedPart(List.of("for=10.0.0.1, host=a.example", "for=10.0.0.2")))
                .isEqualTo(ForwardedHeader.keyedPart(List.of("host=a.example; for=10.9.9.9")))
                .contains("host=a.example");
    }

    @Test
    void quotedValuesAreUnquoted() {
        assertThat(ForwardedHeader.keyedPart(List.of("host=\"a.example:8443\";proto=\"https\";for=\"_x\\\"y\"")))
                .contains("host=a.example:8443;proto=https");
    }

    @Test
    void aValueThatDoesNotParseIsKeyedWhole() {
        // A quote that never closes may hide a host= from this parser that another would read.
        assertThat(ForwardedHeader.keyedPart(List.of("for=\"x,host=evil.example")))
                .contains("for=\"x,host=evil.example");
        assertThat(ForwardedHeader.keyedPart(List.of("host"))).contains("host");
        assertThat(ForwardedHeader.keyedPart(List.of("host=a b"))).contains("host=a b");
    }

    @Test
    void aCommaInsideAQuotedStringDoesNotSplitElements() {
        assertThat(ForwardedHeader.keyedPart(List.of("for=\"a,host=evil\";host=good.example")))
                .contains("host=good.example");
    }

    @Test
    void distinctClientAddressesShareOneKeyAndDistinctHostsDoNot() {
        KeyBuilder keys = new KeyBuilder(CacheRule.builder("pages").include("/**").build(), Set.of(),
                ProxyHeaders.DEFAULT.keyed());
        CacheKey plain = key(keys);
        assertThat(key(keys, "Forwarded", "for=192.0.2.1")).isEqualTo(plain);
        assertThat(key(keys, "Forwarded", "for=192.0.2.2;proto=https"))
                .isEqualTo(key(keys, "Forwarded", "for=198.51.100.7;proto=https")).isNotEqualTo(plain);
        assertThat(key(keys, "Forwarded", "host=evil.example"))
                .isNotEqualTo(key(keys, "Forwarded", "host=shop.example")).isNotEqualTo(plain);
        // X-Forwarded-For is not keyed at all (not in the default list); X-Forwarded-Host is.
        assertThat(key(keys, "X-Forwarded-For", "192.0.2.9")).isEqualTo(plain);
        assertThat(key(keys, "X-Forwarded-Host", "evil.example")).isNotEqualTo(plain);
    }

    @Test
    void parseGivesEachElementsPairs() {
        Optional<List<List<String[]>>> parsed = ForwardedHeader.parse("For=a;HOST=b, proto=http");
        assertThat(parsed).isPresent();
        assertThat(parsed.get()).hasSize(2);
        assertThat(parsed.get().get(0).get(1)).containsExactly("host", "b");
    }

    private static CacheKey key(KeyBuilder keys, String... headers) {
        RequestFacts request = new RequestFacts("GET", "http", "shop.example", 80, "", "/a", null,
                HeaderMap.of(headers));
        return ((KeyBuilder.Keyed) keys.build(request)).key();
    }
}
