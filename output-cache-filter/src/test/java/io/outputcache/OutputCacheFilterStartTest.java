package io.outputcache;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link OutputCacheFilter#start()}: the handle before the container initialises the filter. */
class OutputCacheFilterStartTest {

    private static OutputCacheConfig memoryConfig() {
        return OutputCacheConfig.builder().storeType(OutputCacheConfig.StoreType.MEMORY)
                .rule(CacheRule.builder("pages").include("/*").ttl(Duration.ofMinutes(1)).build()).build();
    }

    @Test
    void startGivesTheHandleOnceAndForAll() {
        OutputCacheFilter filter = new OutputCacheFilter(memoryConfig());
        OutputCache handle = filter.start();
        assertThat(filter.start()).isSameAs(handle);
        assertThat(filter.outputCache()).isSameAs(handle);
        filter.destroy();
        assertThatThrownBy(filter::outputCache).isInstanceOf(IllegalStateException.class);
        filter.destroy(); // a second destroy (container, then Spring) is harmless
    }

    @Test
    void aWebXmlFilterCannotBeStartedInCode() {
        assertThatThrownBy(() -> new OutputCacheFilter().start()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("OutputCacheConfig");
    }
}
