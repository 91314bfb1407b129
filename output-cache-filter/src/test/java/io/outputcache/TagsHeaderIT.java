package io.outputcache;

import io.outputcache.config.InvalidConfigurationException;
import io.outputcache.testing.CachingServer;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.LogCapture;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.ServletContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tags from a response header (tags-header) on each supported container (Jetty 12, Tomcat 10.1) and a real Redis: the page is stored under them, an
 * invalidation by tag removes it, and the header never reaches a client, whichever way the response went.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ServletContainer.Kind.class)
class TagsHeaderIT {
    private final ServletContainer.Kind kind;
    private final PageServlet page = new PageServlet().behave((req, res, n) -> {
        res.setContentType("text/html;charset=UTF-8");
        String tags = req.getParameter("tags");
        if (req.getRequestURI().contains("/async")) {
            // The response as the asynchronous context gives it: after startAsync() that is the container's own.
            jakarta.servlet.AsyncContext async = req.startAsync();
            async.start(() -> {
                try {
                    jakarta.servlet.http.HttpServletResponse r =
                            (jakarta.servlet.http.HttpServletResponse) async.getResponse();
                    r.setContentType("text/html;charset=UTF-8");
                    r.setHeader("Surrogate-Key", tags);
                    r.getWriter().print("<html><body>async</body></html>");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } finally {
                    async.complete();
                }
            });
            return;
        }
        if (tags != null) {
            res.setHeader("Surrogate-Key", tags);
        }
        res.addHeader("X-Other", "kept");
        res.getWriter().print("<html><body>" + req.getRequestURI() + " render #" + n + "</body></html>");
    });
    @RegisterExtension
    final CachingServer site = new CachingServer();
    private final String prefix = site.prefix();
    private OutputCache cache;

    TagsHeaderIT(ServletContainer.Kind kind) {
        this.kind = kind;
    }

    private HttpProbe start() {
        HttpProbe http = site.start(kind.builder().servlet("/*", page), c -> c.tagsHeader("Surrogate-Key")
                .rule(CacheRule.builder("pages").include("/pages/**").allowedQueryParams("tags")
                        .ttl(Duration.ofMinutes(1)).build()));
        cache = site.cache();
        return http;
    }

    @Test
    void aPageTaggedByTheHeaderIsRemovedByItsTagAndTheClientNeverSeesTheHeader() {
        HttpProbe http = start();
        HttpProbe.Response miss = http.get("/pages/p?tags=product-42%20category-shoes");
        assertThat(miss.cacheStatus()).contains("stored");
        assertThat(miss.headers("surrogate-key")).as("not on the miss").isEmpty();
        assertThat(miss.header("x-other")).isEqualTo("kept");
        HttpProbe.Response hit = http.get("/pages/p?tags=product-42%20category-shoes");
        assertThat(hit.isHit()).isTrue();
        assertThat(hit.headers("surrogate-key")).as("not on the hit").isEmpty();
        assertThat(hit.header("x-other")).isEqualTo("kept");

        assertThat(cache.invalidateTag("category-shoes")).isEqualTo(1);
        HttpProbe.Response after = http.get("/pages/p?tags=product-42%20category-shoes");
        assertThat(after.isHit()).isFalse();
        assertThat(after.text()).contains("render #2");
        assertThat(cache.invalidateTag("product-42")).as("stored again under the header's tags").isEqualTo(1);
    }

    @Test
    void theStoredEntryDoesNotHoldTheHeader() {
        HttpProbe http = start();
        http.get("/pages/s?tags=secret-tag-name");
        RedissonClient redis = TestRedis.inspector();
        assertThat(redis.getKeys().getKeysStreamByPattern(prefix + ":p:*").count()).isEqualTo(1);
        boolean anyEntryNamesIt = redis.getKeys().getKeysStreamByPattern(prefix + ":p:*")
                .map(k -> redis.<byte[]>getBucket(k, ByteArrayCodec.INSTANCE).get())
                .anyMatch(bytes -> new String(bytes, StandardCharsets.ISO_8859_1).toLowerCase().contains("surrogate-key"));
        assertThat(anyEntryNamesIt).isFalse();
        assertThat(cache.invalidateTag("secret-tag-name")).isEqualTo(1);
    }

    @Test
    void commaSeparatedTagsWorkToo() {
        HttpProbe http = start();
        http.get("/pages/c?tags=a,b");
        assertThat(cache.invalidateTag("b")).isEqualTo(1);
    }

    @Test
    void theHeaderIsRemovedOnBypassesAndOnPathsNoRuleCovers() {
        HttpProbe http = start();
        HttpProbe.Response bypass = http.get("/pages/b?tags=x", "Authorization: Bearer t");
        assertThat(bypass.cacheStatus()).contains("fwd=bypass");
        assertThat(bypass.headers("surrogate-key")).isEmpty();
        HttpProbe.Response uncovered = http.get("/elsewhere?tags=x");
        assertThat(uncovered.cacheStatus()).isNull();
        assertThat(uncovered.headers("surrogate-key")).isEmpty();
        assertThat(uncovered.header("x-other")).isEqualTo("kept");
    }

    @Test
    void theHeaderIsRemovedFromAnAsynchronousResponseToo() {
        HttpProbe http = start();
        HttpProbe.Response covered = http.get("/pages/async?tags=a-tag");
        assertThat(covered.text()).contains("async");
        assertThat(covered.headers("surrogate-key")).isEmpty();
        assertThat(cache.invalidateTag("a-tag")).isEqualTo(1);
        HttpProbe.Response bypass = http.get("/pages/async?tags=b", "Authorization: Bearer t");
        assertThat(bypass.text()).contains("async");
        assertThat(bypass.headers("surrogate-key")).isEmpty();
        HttpProbe.Response uncovered = http.get("/async?tags=c");
        assertThat(uncovered.text()).contains("async");
        assertThat(uncovered.headers("surrogate-key")).isEmpty();
    }

    @Test
    void badTagsAreIgnoredWithALogLineAndThePageIsStoredUnderTheGoodOnes() {
        HttpProbe http = start();
        try (LogCapture log = new LogCapture()) {
            String tooLong = "x".repeat(201);
            HttpProbe.Response r = http.get("/pages/bad?tags=good%20" + tooLong);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.cacheStatus()).contains("stored");
            assertThat(r.headers("surrogate-key")).isEmpty();
            assertThat(log.messages(ch.qos.logback.classic.Level.WARN))
                    .anyMatch(m -> m.contains("surrogate-key") && m.contains("not tags") && m.contains("xxx..."));
        }
        assertThat(cache.invalidateTag("good")).isEqualTo(1);
    }

    @Test
    void theHeaderNameMustBeAFieldName() {
        assertThatThrownBy(() -> OutputCacheConfig.builder().tagsHeader("Surrogate Key"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("tags-header");
        assertThatThrownBy(() -> OutputCacheConfig.builder().tagsHeader("xkey").tagsHeader("xkey"))
                .hasMessageContaining("tags-header was already set");
    }
}
