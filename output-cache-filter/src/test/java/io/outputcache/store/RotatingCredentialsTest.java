package io.outputcache.store;

import ch.qos.logback.classic.Level;
import io.outputcache.config.RedisCredentials;
import io.outputcache.testing.LogCapture;
import io.outputcache.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.redisson.config.Credentials;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RotatingCredentialsTest {
    private static final InetSocketAddress SERVER = InetSocketAddress.createUnresolved("cache", 10000);

    private static Credentials resolve(RotatingCredentials rc) {
        return rc.resolve(SERVER).toCompletableFuture().join();
    }

    @Test
    void anExpiringTokenIsReusedForNewConnectionsUntilItExpires() {
        MutableClock clock = new MutableClock(java.time.Instant.parse("2026-01-01T10:00:00Z"));
        AtomicInteger asked = new AtomicInteger();
        RotatingCredentials rc = new RotatingCredentials(() -> RedisCredentials.expiring("oid",
                "token-" + asked.incrementAndGet(), clock.instant().plus(Duration.ofHours(1))), clock);
        assertThat(resolve(rc).getPassword()).isEqualTo("token-1");
        clock.advance(Duration.ofMinutes(30));
        assertThat(resolve(rc).getPassword()).isEqualTo("token-1");
        assertThat(resolve(rc).getUsername()).isEqualTo("oid");
        assertThat(asked.get()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(31));
        assertThat(resolve(rc).getPassword()).as("expired: asked again").isEqualTo("token-2");
    }

    @Test
    void aPasswordWithoutExpiryIsAskedForEveryNewConnection() {
        AtomicInteger asked = new AtomicInteger();
        RotatingCredentials rc = new RotatingCredentials(() -> RedisCredentials.of("u", "p" + asked.incrementAndGet()),
                new MutableClock(java.time.Instant.parse("2026-01-01T10:00:00Z")));
        assertThat(resolve(rc).getPassword()).isEqualTo("p1");
        assertThat(resolve(rc).getPassword()).isEqualTo("p2");
        assertThat(resolve(rc).getUsername()).isEqualTo("u");
    }

    @Test
    void aFailingResolverFailsTheConnectionAndIsLoggedOncePerDistinctFailureWithoutSecrets() {
        try (LogCapture log = LogCapture.library()) {
            RotatingCredentials rc = new RotatingCredentials(() -> {
                throw new IllegalStateException("vault unreachable");
            }, new MutableClock(java.time.Instant.parse("2026-01-01T10:00:00Z")));
            for (int i = 0; i < 3; i++) {
                assertThat(rc.resolve(SERVER).toCompletableFuture()).failsWithin(Duration.ofSeconds(5));
            }
            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .contains("redis-credentials-resolver", "failed", "vault unreachable");
        }
    }

    @Test
    void itsThreadStopsOnceTheClientIsShutDown() {
        RotatingCredentials rc = new RotatingCredentials(() -> RedisCredentials.of("u", "p"),
                new MutableClock(java.time.Instant.parse("2026-01-01T10:00:00Z")));
        rc.stopWhen(() -> true);
        // Within one check interval the executor is shut down: a connection opened now gets no credentials.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> rc.resolve(SERVER).toCompletableFuture().isCompletedExceptionally());
    }

    @Test
    void aResolverReturningNothingIsAFailure() {
        RotatingCredentials rc = new RotatingCredentials(() -> null, new MutableClock(java.time.Instant.parse("2026-01-01T10:00:00Z")));
        assertThat(rc.resolve(SERVER).toCompletableFuture()).failsWithin(Duration.ofSeconds(5))
                .withThrowableThat().withMessageContaining("returned null");
    }
}
