package io.outputcache.demo.hitbench;

import io.outputcache.testing.TestRedis;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The client the bare targets measure is the library's own, on the transport the library means to use. */
class BareRedissonTest {

    @Test
    void theLibrarysClientRunsOnEpollWhereItLoadsWithOneLoopPerCoreAndAtLeastTwo() {
        BareRedisson bare = BareRedisson.connect(TestRedis.url(), "bare-test-" + System.nanoTime());
        try {
            boolean linuxX64 = System.getProperty("os.name").startsWith("Linux")
                    && System.getProperty("os.arch").matches("amd64|x86_64");
            int loops = Math.max(2, Math.min(32, Runtime.getRuntime().availableProcessors()));
            assertThat(bare.transport()).isEqualTo((linuxX64 ? "EpollEventLoopGroup" : "NioEventLoopGroup")
                    + " x" + loops);
        } finally {
            bare.close();
        }
    }
}
