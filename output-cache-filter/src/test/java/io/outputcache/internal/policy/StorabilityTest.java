package io.outputcache.internal.policy;

import io.outputcache.CacheRule;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.RequestFacts;
import io.outputcache.internal.policy.ResponseFacts.Capture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Output-mode storability: one refusal rule per test. */
class StorabilityTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private final CacheRule rule = CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(5))
            .grace(Duration.ofSeconds(30)).build();

    private static RequestFacts request(String... headers) {
        return new RequestFacts("GET", "http", "h", 80, "", "/p", null, HeaderMap.of(headers));
    }

    private static ResponseFacts ok(String... headers) {
        return new ResponseFacts(200, HeaderMap.of(headers), Capture.COMPLETE);
    }

    private StoreDecision decide(RequestFacts req, ResponseFacts res, CacheRule r) {
        return Storability.decide(req, res, r, NOW, NOW);
    }

    private static Refusal refusal(StoreDecision d) {
        assertThat(d).isInstanceOf(StoreDecision.Refuse.class);
        return ((StoreDecision.Refuse) d).reason();
    }

    @Test
    void plainPageIsStoredForTheRuleTtlPlusGrace() {
        StoreDecision d = decide(request(), ok("Content-Type", "text/html"), rule);
        assertThat(d).isEqualTo(new StoreDecision.Store(Duration.ofMinutes(5), Duration.ofSeconds(30),
                Duration.ofMinutes(5).plusSeconds(30), 0));
    }

    @Test
    void setCookieResponseIsNeverStored() {
        assertThat(refusal(decide(request(), ok("Set-Cookie", "s=1"), rule))).isEqualTo(Refusal.SET_COOKIE);
    }

    @Test
    void privateResponseIsNeverStored() {
        assertThat(refusal(decide(request(), ok("Cache-Control", "private, max-age=60"), rule))).isEqualTo(Refusal.PRIVATE);
    }

    @Test
    void noStoreResponseIsNeverStored() {
        assertThat(refusal(decide(request(), ok("Cache-Control", "no-store"), rule))).isEqualTo(Refusal.NO_STORE);
    }

    @Test
    void noCacheResponseIsNeverStored() {
        assertThat(refusal(decide(request(), ok("Cache-Control", "No-Cache"), rule))).isEqualTo(Refusal.NO_CACHE);
    }

    @Test
    void varyStarIsNeverStored() {
        assertThat(refusal(decide(request(), ok("Vary", "Accept, *"), rule))).isEqualTo(Refusal.VARY_STAR);
    }

    @Test
    void varyOnAnUnkeyedHeaderIsNotStored() {
        StoreDecision d = decide(request(), ok("Vary", "Accept-Language"), rule);
        assertThat(refusal(d)).isEqualTo(Refusal.VARY_NOT_KEYED);
        assertThat(((StoreDecision.Refuse) d).detail()).isEqualTo("vary-not-keyed-accept-language");
    }

    @Test
    void varyOnAKeyedHeaderOrAcceptEncodingIsStored() {
        CacheRule i18n = rule.toBuilder().varyHeaders("Accept-Language").build();
        assertThat(decide(request(), ok("Vary", "accept-language, Accept-Encoding"), i18n))
                .isInstanceOf(StoreDecision.Store.class);
    }

    @Test
    void onlyConfiguredStatusesAreStored() {
        ResponseFacts notFound = new ResponseFacts(404, HeaderMap.empty(), Capture.COMPLETE);
        assertThat(refusal(decide(request(), notFound, rule))).isEqualTo(Refusal.STATUS);
        assertThat(decide(request(), notFound, rule.toBuilder().cacheableStatuses(200, 404).build()))
                .isInstanceOf(StoreDecision.Store.class);
        assertThat(refusal(decide(request(), new ResponseFacts(500, HeaderMap.empty(), Capture.COMPLETE), rule)))
                .isEqualTo(Refusal.STATUS);
    }

    @Test
    void incompleteCaptureIsNotStored() {
        assertThat(refusal(decide(request(), new ResponseFacts(200, HeaderMap.empty(), Capture.TOO_LARGE), rule)))
                .isEqualTo(Refusal.TOO_LARGE);
        assertThat(refusal(decide(request(), new ResponseFacts(200, HeaderMap.empty(), Capture.ERROR_SENT), rule)))
                .isEqualTo(Refusal.ERROR_SENT);
    }

    @Test
    void contentEncodedByTheApplicationIsNotStored() {
        assertThat(refusal(decide(request(), ok("Content-Encoding", "br"), rule))).isEqualTo(Refusal.CONTENT_ENCODED);
        assertThat(decide(request(), ok("Content-Encoding", "identity"), rule)).isInstanceOf(StoreDecision.Store.class);
    }

    @Test
    void originMaxAgeIsIgnoredUnlessTheRuleSaysSo() {
        assertThat(((StoreDecision.Store) decide(request(), ok("Cache-Control", "max-age=7"), rule)).freshFor())
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void originSMaxAgeWinsOverMaxAgeWhenTheRuleUsesIt() {
        CacheRule origin = rule.toBuilder().useOriginMaxAge(true).build();
        assertThat(((StoreDecision.Store) decide(request(), ok("Cache-Control", "max-age=7, s-maxage=90"), origin))
                .freshFor()).isEqualTo(Duration.ofSeconds(90));
        assertThat(((StoreDecision.Store) decide(request(), ok("Cache-Control", "max-age=7"), origin)).freshFor())
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(((StoreDecision.Store) decide(request(), ok(), origin)).freshFor()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void originMaxAgeOfZeroIsNotStored() {
        CacheRule origin = rule.toBuilder().useOriginMaxAge(true).build();
        assertThat(refusal(decide(request(), ok("Cache-Control", "max-age=0"), origin))).isEqualTo(Refusal.NOT_FRESH);
    }

    @Test
    void originAgeShortensTheLifetime() {
        CacheRule origin = rule.toBuilder().useOriginMaxAge(true).build();
        StoreDecision.Store d = (StoreDecision.Store) decide(request(), ok("Cache-Control", "max-age=100", "Age", "40"), origin);
        assertThat(d.freshFor()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.initialAgeSeconds()).isEqualTo(40);
    }

    @Test
    void nonGetIsNeverStored() {
        RequestFacts post = new RequestFacts("POST", "http", "h", 80, "", "/p", null, HeaderMap.empty());
        assertThat(refusal(decide(post, ok(), rule))).isEqualTo(Refusal.METHOD);
    }
}
