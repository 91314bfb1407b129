package io.outputcache.internal.near;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.store.InMemoryPageStore;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.TestServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up refuses a near cache it could not keep right, naming the option. */
class NearCacheStartupTest {

    @Test
    void aGivenStoreThatIsNotRedisAndNoClientFailsStartUpNamingTheOption() {
        OutputCacheFilter filter = new OutputCacheFilter(OutputCacheConfig.builder()
                .store(new InMemoryPageStore()).nearCacheMaxSize(1024 * 1024)
                .rule(CacheRule.builder("pages").include("/**").build()).build());
        assertThatThrownBy(() -> TestServer.builder().servlet("/*", new PageServlet()).filter(filter).start())
                .hasStackTraceContaining("OutputCacheFilter")
                .hasStackTraceContaining("near-cache-max-size needs a Redis client for its invalidation channel");
    }
}
