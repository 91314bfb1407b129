package io.outputcache.internal.policy;

import io.outputcache.CacheMode;
import io.outputcache.CacheRule;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.RequestFacts;
import io.outputcache.internal.key.KeyBuilder;
import io.outputcache.internal.key.RequestGuard;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every reason to bypass before a lookup, one per test, in the order the screen applies them. */
class RequestScreenTest {
    private final CacheRule rule = CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(5)).build();

    private static RequestFacts requestTo(String method, String path, String... headers) {
        return new RequestFacts(method, "http", "h", 80, "", path, null, HeaderMap.of(headers));
    }

    private static RequestFacts request(String... headers) {
        return requestTo("GET", "/p", headers);
    }

    private static RequestScreen.Verdict screen(CacheRule rule, RequestFacts request, Optional<String> containerPath) {
        KeyBuilder keys = new KeyBuilder(rule, Set.of("h"), List.of());
        return new RequestScreen(rule, keys, new RequestGuard(List.of("x-original-url"))).screen(request, containerPath);
    }

    private static RequestScreen.Verdict screen(CacheRule rule, RequestFacts request) {
        return screen(rule, request, Optional.empty());
    }

    private static String bypassReason(RequestScreen.Verdict verdict) {
        assertThat(verdict).isInstanceOf(RequestScreen.Bypass.class);
        return ((RequestScreen.Bypass) verdict).reason();
    }

    @Test
    void aPlainGetIsLookedUpUnderItsKey() {
        RequestScreen.Verdict verdict = screen(rule, request());
        assertThat(verdict).isInstanceOf(RequestScreen.Cacheable.class);
        assertThat(((RequestScreen.Cacheable) verdict).key().pathTag())
                .isEqualTo(((KeyBuilder.Keyed) new KeyBuilder(rule, Set.of("h"), List.of()).build(request())).key().pathTag());
    }

    @Test
    void anUnsafeMethodBypassesInOutputMode() {
        assertThat(bypassReason(screen(rule, requestTo("POST", "/p")))).isEqualTo("method");
    }

    @Test
    void anUnsafeMethodIsForwardedForInvalidationInHttpMode() {
        CacheRule http = rule.toBuilder().mode(CacheMode.HTTP).build();
        assertThat(screen(http, requestTo("DELETE", "/p"))).isInstanceOf(RequestScreen.Unsafe.class);
    }

    @Test
    void anUnknownHostBypasses() {
        RequestFacts other = new RequestFacts("GET", "http", "evil", 80, "", "/p", null, HeaderMap.empty());
        assertThat(bypassReason(screen(rule, other))).isEqualTo("unknown-host");
    }

    @Test
    void anAmbiguousPathBypasses() {
        assertThat(bypassReason(screen(rule, requestTo("GET", "/a/%2e%2e/%2e%2e/b")))).isEqualTo("ambiguous-path");
    }

    @Test
    void anOverrideHeaderBypasses() {
        assertThat(bypassReason(screen(rule, request("X-Original-URL", "/admin")))).isEqualTo("override-header");
    }

    @Test
    void aPathTheContainerResolvedDifferentlyBypasses() {
        assertThat(bypassReason(screen(rule, request(), Optional.of("/other")))).isEqualTo("path-mismatch");
        assertThat(screen(rule, request(), Optional.of("/p"))).isInstanceOf(RequestScreen.Cacheable.class);
    }

    @Test
    void aGetWithABodyBypasses() {
        assertThat(bypassReason(screen(rule, request("Content-Length", "5")))).isEqualTo("request-body");
    }

    @Test
    void authorizedRequestIsNotStoredUnlessTheRuleAllowsIt() {
        assertThat(bypassReason(screen(rule, request("Authorization", "Bearer x")))).isEqualTo(Refusal.AUTHORIZATION.label());
        assertThat(screen(rule.toBuilder().allowAuthorized(true).build(), request("Authorization", "Bearer x")))
                .isInstanceOf(RequestScreen.Cacheable.class);
    }

    @Test
    void httpModeLeavesAuthorizationToRfc9111() {
        CacheRule http = rule.toBuilder().mode(CacheMode.HTTP).build();
        assertThat(screen(http, request("Authorization", "Bearer x"))).isInstanceOf(RequestScreen.Cacheable.class);
    }

    @Test
    void aPathAndQueryLongerThanTheRulesMaximumBypasses() {
        CacheRule capped = rule.toBuilder().maxKeyLength(64).build();
        String path = "/" + "a".repeat(63); // 64 characters: at the limit, still keyed
        assertThat(screen(capped, requestTo("GET", path))).isInstanceOf(RequestScreen.Cacheable.class);
        assertThat(bypassReason(screen(capped, requestTo("GET", path + "b")))).isEqualTo("key-too-long");
        assertThat(bypassReason(screen(capped, new RequestFacts("GET", "http", "h", 80, "", "/p", "q=" + "x".repeat(70),
                HeaderMap.of())))).isEqualTo(RequestScreen.KEY_TOO_LONG);
    }

    @Test
    void theMaximumCountsTheKeyedQueryNotTheTrackingParametersItDrops() {
        CacheRule capped = rule.toBuilder().maxKeyLength(64).build();
        RequestFacts tracked = new RequestFacts("GET", "http", "h", 80, "", "/p", "id=1&utm_source=" + "x".repeat(100),
                HeaderMap.of());
        assertThat(screen(capped, tracked)).isInstanceOf(RequestScreen.Cacheable.class);
    }

    @Test
    void theDefaultMaximumIsFourKibiCharacters() {
        assertThat(screen(rule, requestTo("GET", "/" + "a".repeat(4095)))).isInstanceOf(RequestScreen.Cacheable.class);
        assertThat(bypassReason(screen(rule, requestTo("GET", "/" + "a".repeat(4096))))).isEqualTo("key-too-long");
    }

    @Test
    void theMaximumCountsThePathWithinTheApplication() {
        CacheRule capped = rule.toBuilder().maxKeyLength(16).build();
        RequestFacts underContext = new RequestFacts("GET", "http", "h", 80, "/shop-with-a-long-context",
                "/shop-with-a-long-context/p", null, HeaderMap.of());
        assertThat(screen(capped, underContext)).isInstanceOf(RequestScreen.Cacheable.class);
    }
}
