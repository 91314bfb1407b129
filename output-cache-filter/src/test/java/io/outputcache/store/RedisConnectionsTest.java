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

    @Test
    void theEpollTransportIsUsedWhenItLoads() {
        // the library's tests have the optional native transport on the classpath, on Linux x86-64 only
        boolean linuxX64 = System.getProperty("os.name").startsWith("Linux")
                && System.getProperty("os.arch").matches("amd64|x86_64");
        assertThat(RedisConnections.epollAvailable()).isEqualTo(linuxX64);
    }
}
