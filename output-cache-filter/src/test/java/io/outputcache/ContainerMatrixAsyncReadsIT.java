package io.outputcache;

import io.outputcache.store.RedisPageStore;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.LateReads;
import io.outputcache.testing.ServletContainer;
import io.outputcache.testing.TestRedis;
import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code async-store-reads} on each container: the filter mapped for REQUEST and ASYNC, GETs answered 20 ms late
 * so that every lookup suspends its request. (Jetty-only details, such as on which thread a hit is written, are
 * in {@link AsyncStoreReadsIT}.)
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ServletContainer.Kind.class)
class ContainerMatrixAsyncReadsIT extends ContainerMatrixCase {
    private final ConcurrentLinkedQueue<DispatcherType> renderedOn = new ConcurrentLinkedQueue<>();

    ContainerMatrixAsyncReadsIT(ServletContainer.Kind kind) {
        super(kind);
    }

    private HttpProbe startAsyncReads() {
        page.behave((req, res, n) -> {
            renderedOn.add(req.getDispatcherType());
            io.outputcache.testing.PageServlet.standardPage(req, res, n);
        });
        OutputCacheConfig plain = OutputCacheConfig.builder().redisUrl(TestRedis.url()).keyPrefix(prefix)
                .rule(CacheRule.builder("pages").include("/**").build()).build();
        OutputCacheConfig config = OutputCacheConfig.builder()
                .store(new LateReads(RedisPageStore.connect(plain), Duration.ofMillis(20)))
                .keyPrefix(prefix).debugHeaders(true).storeTimeout(Duration.ofSeconds(2)).asyncStoreReads(true)
                .rule(CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(1)).build()).build();
        OutputCacheFilter filter = new OutputCacheFilter(config);
        container = kind.builder().servlet("/*", page).filter(filter).dispatcherTypes(filter.dispatcherTypes())
                .start();
        cache = filter.outputCache();
        return container.client();
    }

    @Test
    void missRendersOnTheAsyncDispatchAndTheHitIsServedFromTheSuspendedRequest() {
        HttpProbe http = startAsyncReads();
        HttpProbe.Response miss = http.get("/a");
        assertThat(miss.cacheStatus()).isEqualTo("outputcache; fwd=uri-miss; fwd-status=200; stored; ttl=60");
        assertThat(renderedOn).containsExactly(DispatcherType.ASYNC);
        HttpProbe.Response hit = http.get("/a");
        assertThat(hit.cacheStatus()).startsWith("outputcache; hit; ttl=");
        assertThat(hit.text()).isEqualTo(miss.text());
        HttpProbe.Response gzip = http.get("/a", "Accept-Encoding: gzip");
        assertThat(gzip.header("content-encoding")).isEqualTo("gzip");
        assertThat(gzip.text()).isEqualTo(miss.text());
        assertThat(http.get("/a", "If-None-Match: " + hit.header("etag")).status()).isEqualTo(304);
        assertThat(page.renders()).isEqualTo(1);
        assertThat(cache.stats().hits()).isEqualTo(3);
        assertThat(cache.stats().misses()).isEqualTo(1);
    }
}
