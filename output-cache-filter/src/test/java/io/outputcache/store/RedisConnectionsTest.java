package io.outputcache.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How many event loops the filter's own Redisson client runs. */
class RedisConnectionsTest {
    @Test
    void oneEventLoopPerCoreBetweenTwoAndRedissonsThirtyTwo() {
        assertThat(RedisConnections.nettyThreads(1)).isEqualTo(2);
        assertThat(RedisConnections.nettyThreads(2)).isEqualTo(2);
        assertThat(RedisConnections.nettyThreads(8)).isEqualTo(8);
        assertThat(RedisConnections.nettyThreads(96)).isEqualTo(32);
    }
}
