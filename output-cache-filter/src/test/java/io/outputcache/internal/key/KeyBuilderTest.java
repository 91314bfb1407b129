package io.outputcache.internal.key;

import io.outputcache.CacheRule;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.RequestFacts;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KeyBuilderTest {
    private final CacheRule rule = CacheRule.builder("pages").include("/**").build();

    private static RequestFacts get(String path, String query, String... headers) {
        return new RequestFacts("GET", "http", "shop.example", 80, "", path, query, HeaderMap.of(headers));
    }

    private static CacheKey key(KeyBuilder builder, RequestFacts request) {
        return ((KeyBuilder.Keyed) builder.build(request)).key();
    }

    @Test
    void theCanonicalTextOfAKeyStaysAsEarlierReleasesWroteIt() {
        // Entries already stored name their canonical text; a new spelling of it would turn every one into a miss.
        KeyBuilder keys = new KeyBuilder(CacheRule.builder("pages").include("/**").build(), Set.of());

        CacheKey key = key(keys, new RequestFacts("GET", "http", "shop.example", 8080, "", "/a", null,
                HeaderMap.empty()));

        assertThat(key.canonical()).isEqualTo("v1r5:pagesm3:GETs4:httph17:shop.example:8080p2:/aq0:");
    }

    @Test
    void getAndHeadShareOneKey() {
        KeyBuilder keys = new KeyBuilder(rule, Set.of());
        RequestFacts head = new RequestFacts("HEAD", "http", "shop.example", 80, "", "/a", null, HeaderMap.empty());
        assertThat(key(keys, head)).isEqualTo(key(keys, get("/a", null)));
    }

    @Test
    void otherMethodsAreNotKeyed() {
        KeyBuilder keys = new KeyBuilder(rule, Set.of());
        RequestFacts post = new RequestFacts("POST", "http", "shop.example", 80, "", "/a", null, HeaderMap.empty());
        assertThat(keys.build(post)).isEqualTo(new KeyBuilder.Bypass(KeyBuilder.BypassReason.METHOD));
    }

    @Test
    void hostSchemeAndPortArePartOfTheKey() {
        KeyBuilder keys = new KeyBuilder(rule, Set.of());
        CacheKey base = key(keys, get("/a", null));
        assertThat(key(keys, new RequestFacts("GET", "https", "shop.example", 80, "", "/a", null, HeaderMap.empty())))
                .isNotEqualTo(base);
        assertThat(key(keys, new RequestFacts("GET", "http", "other.example", 80, "", "/a", null, HeaderMap.empty())))
                .isNotEqualTo(base);
        assertThat(key(keys, new RequestFacts("GET", "http", "shop.example", 8080, "", "/a", null, HeaderMap.empty())))
                .isNotEqualTo(base);
    }

    @Test
    void unknownHostBypassesWhenAnAllowListIsSet() {
        KeyBuilder keys = new KeyBuilder(rule, Set.of("shop.example"));
        assertThat(keys.build(get("/a", null))).isInstanceOf(KeyBuilder.Keyed.class);
        RequestFacts evil = new RequestFacts("GET", "http", "evil.example", 80, "", "/a", null, HeaderMap.empty());
        assertThat(keys.build(evil)).isEqualTo(new KeyBuilder.Bypass(KeyBuilder.BypassReason.UNKNOWN_HOST));
    }

    @Test
    void equivalentQueriesShareAKey() {
        KeyBuilder keys = new KeyBuilder(rule, Set.of());
        assertThat(key(keys, get("/s", "b=2&a=1&utm_source=mail"))).isEqualTo(key(keys, get("/s", "a=1&b=2")));
    }

    @Test
    void missingQueryAndEmptyQueryShareAKey() {
        KeyBuilder keys = new KeyBuilder(rule, Set.of());
        assertThat(key(keys, get("/s", null))).isEqualTo(key(keys, get("/s", "")));
    }

    @Test
    void varyHeadersSeparateEntriesAndAbsentDiffersFromEmpty() {
        KeyBuilder keys = new KeyBuilder(CacheRule.builder("i18n").include("/**").varyHeaders("Accept-Language").build(),
                Set.of());
        CacheKey en = key(keys, get("/a", null, "Accept-Language", "en"));
        CacheKey de = key(keys, get("/a", null, "Accept-Language", "de"));
        CacheKey absent = key(keys, get("/a", null));
        CacheKey empty = key(keys, get("/a", null, "Accept-Language", ""));
        assertThat(Set.of(en, de, absent, empty)).hasSize(4);
        assertThat(key(keys, get("/a", null, "Accept-Language", "en,  de"))).isEqualTo(key(keys, get("/a", null,
                "Accept-Language", "en, de")));
    }

    @Test
    void unconfiguredHeadersDoNotChangeTheKey() {
        KeyBuilder keys = new KeyBuilder(rule, Set.of());
        assertThat(key(keys, get("/a", null, "Accept-Language", "de", "User-Agent", "x"))).isEqualTo(key(keys, get("/a", null)));
    }

    @Test
    void varyCookiesSeparateEntries() {
        KeyBuilder keys = new KeyBuilder(CacheRule.builder("loc").include("/**").varyCookies("locale").build(), Set.of());
        assertThat(key(keys, get("/a", null, "Cookie", "locale=fr; other=1")))
                .isNotEqualTo(key(keys, get("/a", null, "Cookie", "locale=en")))
                .isEqualTo(key(keys, get("/a", null, "Cookie", "x=2; locale=fr")));
    }

    @Test
    void partsCannotBleedIntoEachOther() {
        KeyBuilder keys = new KeyBuilder(CacheRule.builder("v").include("/**").varyHeaders("x-a", "x-b").build(), Set.of());
        assertThat(key(keys, get("/a", null, "X-A", "1v1:2", "X-B", "3")))
                .isNotEqualTo(key(keys, get("/a", null, "X-A", "1", "X-B", "2v1:3")));
    }

    @Test
    void ambiguousPathBypasses() {
        KeyBuilder keys = new KeyBuilder(rule, Set.of());
        assertThat(keys.build(get("/a%2Fb", null))).isEqualTo(new KeyBuilder.Bypass(KeyBuilder.BypassReason.AMBIGUOUS_PATH));
        assertThat(keys.build(get("/a", "q=%zz"))).isEqualTo(new KeyBuilder.Bypass(KeyBuilder.BypassReason.BAD_QUERY));
    }

    @Test
    void everyVariantOfAPathSharesItsPathTag() {
        KeyBuilder keys = new KeyBuilder(CacheRule.builder("i18n").include("/**").varyHeaders("accept-language").build(),
                Set.of());
        CacheKey en = key(keys, get("/p/1", "b=1&a=2", "Accept-Language", "en"));
        CacheKey de = key(keys, new RequestFacts("GET", "https", "shop.example", 443, "", "/p/1", "a=2&b=1",
                HeaderMap.of("Accept-Language", "de")));
        assertThat(en.pathTag()).isEqualTo(de.pathTag()).isEqualTo(keys.pathTag("/p/1", "a=2&b=1").orElseThrow());
        assertThat(en.hash()).isNotEqualTo(de.hash());
    }

    @Test
    void contextPathIsPartOfTheKeyButNotOfThePathTag() {
        KeyBuilder keys = new KeyBuilder(rule, Set.of());
        KeyBuilder.Keyed inShop = (KeyBuilder.Keyed) keys.build(new RequestFacts("GET", "http", "h", 80, "/shop",
                "/shop/p/1", null, HeaderMap.empty()));
        assertThat(inShop.pathWithinApp()).isEqualTo("/p/1");
        assertThat(inShop.key().pathTag()).isEqualTo(keys.pathTag("/p/1", null).orElseThrow());
        assertThat(inShop.key().canonical()).contains("/shop/p/1");
    }

    @Test
    void hashIsUrlSafeAndFixedLength() {
        CacheKey k = key(new KeyBuilder(rule, Set.of()), get("/a", null));
        assertThat(k.hash()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(k.pageKey()).startsWith("p:");
        assertThat(k.leaseKey()).startsWith("l:");
    }
}
