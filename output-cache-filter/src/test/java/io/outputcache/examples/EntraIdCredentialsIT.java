package io.outputcache.examples;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import ch.qos.logback.classic.Level;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.LogCapture;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.RedisProcess;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Entra ID example against a stand-in for Azure Managed Redis: a redis-server whose ACL user is the identity's
 * object ID and whose only password is the newest token a fake token service issued (as the managed service
 * accepts only unexpired tokens). Tokens last 4 s here; the site stays cached across several of them, on the
 * connections it had and on new ones.
 */
class EntraIdCredentialsIT {
    private static final String OBJECT_ID = "6f1e2c3a-0000-4000-8000-00000000a11d";

    @Test
    void pagesStayCachedAcrossTokenRenewals() {
        String prefix = TestRedis.newPrefix();
        List<String> issued = Collections.synchronizedList(new ArrayList<>());
        PageServlet page = new PageServlet();
        try (RedisProcess redis = RedisProcess.start(); LogCapture log = LogCapture.library()) {
            EntraIdCredentials.TokenSource tokenService = scope -> {
                assertThat(scope).isEqualTo(EntraIdCredentials.SCOPE);
                String token = "ey" + UUID.randomUUID();
                // The previous token stops working the moment a new one is issued: stricter than Azure.
                redis.call("ACL", "SETUSER", OBJECT_ID, "on", "resetpass", ">" + token, "~" + prefix + ":*", "+@all");
                issued.add(token);
                return new EntraIdCredentials.Token(token, Instant.now().plusSeconds(4));
            };
            OutputCacheConfig config = OutputCacheConfig.builder().redisUrl(redis.url()).keyPrefix(prefix)
                    .redis(r -> r.credentialsResolver(new EntraIdCredentials(OBJECT_ID, tokenService)))
                    .storeTimeout(Duration.ofMillis(500))
                    .rule(CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(5)).build()).build();
            try (TestServer server = TestServer.builder().servlet("/*", page).filter(new OutputCacheFilter(config)).start()) {
                HttpProbe client = server.client();
                await().atMost(Duration.ofSeconds(10)).until(() -> client.get("/product/1").isHit());
                int renders = page.renders();

                // Three renewals (at 3 s, 6 s, 9 s): every answer meanwhile is a hit from the same stored page.
                long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (System.nanoTime() < end) {
                    assertThat(client.get("/product/1").isHit()).isTrue();
                    sleep(200);
                }
                assertThat(issued).as("one token at start, then one per renewal").hasSizeBetween(4, 5);
                assertThat(page.renders()).isEqualTo(renders);

                // A new connection authenticates with the current token.
                redis.call("CLIENT", "KILL", "USER", OBJECT_ID);
                await().atMost(Duration.ofSeconds(10)).until(() -> client.get("/product/2").isHit());
                assertThat(log.libraryEvents()).as("no warning, and no token in any line of the library")
                        .allSatisfy(e -> {
                            assertThat(e.getLevel().isGreaterOrEqual(Level.WARN)).as(e.getFormattedMessage()).isFalse();
                            assertThat(issued).noneMatch(e.getFormattedMessage()::contains);
                        });
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
