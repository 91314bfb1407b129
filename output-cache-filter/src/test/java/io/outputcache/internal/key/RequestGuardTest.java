package io.outputcache.internal.key;

import io.outputcache.CacheRule;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.RequestFacts;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RequestGuardTest {
    private final RequestGuard guard = new RequestGuard(List.of("x-original-url", "x-http-method-override"));

    private static RequestFacts get(String rawPath, String... headerPairs) {
        HeaderMap.Builder h = HeaderMap.builder();
        for (int i = 0; i < headerPairs.length; i += 2) {
            h.add(headerPairs[i], headerPairs[i + 1]);
        }
        return new RequestFacts("GET", "http", "shop.example", 80, "", rawPath, null, h.build());
    }

    @Test
    void urlOverrideHeadersBypass() {
        assertThat(guard.check(get("/", "X-Original-URL", "/admin"), Optional.of("/")))
                .contains(KeyBuilder.BypassReason.OVERRIDE_HEADER);
        assertThat(guard.check(get("/", "X-HTTP-Method-Override", "DELETE"), Optional.of("/")))
                .contains(KeyBuilder.BypassReason.OVERRIDE_HEADER);
    }

    @Test
    void aPlainRequestWhoseContainerPathAgreesPasses() {
        assertThat(guard.check(get("/products/42"), Optional.of("/products/42"))).isEmpty();
    }

    @Test
    void pathParametersAndUnreservedEscapesAgreeWithTheContainer() {
        assertThat(guard.check(get("/account;x.css"), Optional.of("/account"))).isEmpty();
        assertThat(guard.check(get("/%7Euser/a%2Db"), Optional.of("/~user/a-b"))).isEmpty();
        assertThat(guard.check(get("/a/%2e%2e/b"), Optional.of("/b"))).isEmpty();
        assertThat(guard.check(get("/caf%C3%A9"), Optional.of("/café"))).isEmpty();
        assertThat(guard.check(get("/account%23x.css"), Optional.of("/account#x.css"))).isEmpty();
    }

    @Test
    void aContainerThatServedAnotherPathMakesTheRequestBypass() {
        assertThat(guard.check(get("/account/x.css"), Optional.of("/account")))
                .contains(KeyBuilder.BypassReason.PATH_MISMATCH);
        assertThat(guard.check(get("//account"), Optional.of("/account")))
                .contains(KeyBuilder.BypassReason.PATH_MISMATCH);
    }

    @Test
    void aPathWeCannotNormaliseBypasses() {
        assertThat(guard.check(get("/a%2Fb"), Optional.of("/a/b"))).contains(KeyBuilder.BypassReason.PATH_MISMATCH);
    }

    @Test
    void withoutAContainerPathOnlyHeadersAreChecked() {
        assertThat(guard.check(get("/anything"), Optional.empty())).isEmpty();
    }

    @Test
    void forwardingHeadersAreKeyedOnlyWhenPresent() {
        CacheRule rule = CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(1)).build();
        KeyBuilder keys = new KeyBuilder(rule, Set.of(), List.of("x-forwarded-host"));
        KeyBuilder unkeyed = new KeyBuilder(rule, Set.of());
        String plain = key(keys.build(get("/p")));
        String forged = key(keys.build(get("/p", "X-Forwarded-Host", "evil.example")));
        String other = key(keys.build(get("/p", "X-Forwarded-Host", "other.example")));
        assertThat(plain).isEqualTo(key(unkeyed.build(get("/p"))));
        assertThat(forged).isNotEqualTo(plain).isNotEqualTo(other);
        assertThat(key(keys.build(get("/p", "x-forwarded-host", "evil.example")))).isEqualTo(forged);
    }

    private static String key(KeyBuilder.Result result) {
        return ((KeyBuilder.Keyed) result).key().canonical();
    }
}
