package io.outputcache.store;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.config.RedisCredentials;
import io.outputcache.config.RedisCredentialsResolver;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.LogCapture;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.RedisProcess;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Credentials against a real redis-server with ACL users: a resolver that rotates to another user, a token that
 * is renewed on the open connections before it expires, and a wrong password, each behind a real Jetty. A site
 * whose Redis refuses it logs one start-up line saying why and renders every page uncached.
 */
class RedisCredentialsIT {
    private final String prefix = TestRedis.newPrefix();
    private final PageServlet page = new PageServlet();
    private RedisProcess redis;
    private TestServer server;

    @BeforeEach
    void startRedis() {
        redis = RedisProcess.start();
        acl("app1", "pw-one");
        acl("app2", "pw-two");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        redis.close();
    }

    private void acl(String user, String password) {
        assertThat(redis.call("ACL", "SETUSER", user, "on", ">" + password, "~" + prefix + ":*", "+@all"))
                .isEqualTo("OK");
    }

    private HttpProbe start(UnaryOperator<OutputCacheConfig.Builder> redisOptions) {
        OutputCacheConfig config = redisOptions.apply(OutputCacheConfig.builder().redisUrl(redis.url()).keyPrefix(prefix)
                .storeTimeout(Duration.ofMillis(500))
                .rule(CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(5)).build())).build();
        server = TestServer.builder().servlet("/*", page).filter(new OutputCacheFilter(config)).start();
        return server.client();
    }

    /** The users of the server's client connections, by connection id (the helper's own has none of ours). */
    private Map<String, String> connectionUsers() {
        String list = (String) redis.call("CLIENT", "LIST");
        return Arrays.stream(list.split("\n")).filter(l -> l.contains(" user=app"))
                .collect(Collectors.toMap(l -> field(l, "id"), l -> field(l, "user")));
    }

    private static String field(String line, String name) {
        return Arrays.stream(line.trim().split(" ")).filter(f -> f.startsWith(name + "=")).findFirst()
                .map(f -> f.substring(name.length() + 1)).orElseThrow();
    }

    /** Asks for the path until a response is a hit; each miss stores the page for the next. */
    private static void awaitHit(HttpProbe client, String path) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> client.get(path).isHit());
    }

    @Test
    void newConnectionsAuthenticateAsTheUserTheResolverRotatedTo() {
        AtomicReference<RedisCredentials> current = new AtomicReference<>(RedisCredentials.of("app1", "pw-one"));
        AtomicInteger asked = new AtomicInteger();
        RedisCredentialsResolver resolver = () -> {
            asked.incrementAndGet();
            return current.get();
        };
        HttpProbe client = start(b -> b.redis(r -> r.credentialsResolver(resolver)));
        awaitHit(client, "/before");
        assertThat(connectionUsers()).isNotEmpty().allSatisfy((id, user) -> assertThat(user).isEqualTo("app1"));

        current.set(RedisCredentials.of("app2", "pw-two"));
        redis.call("ACL", "SETUSER", "app1", "off");
        redis.call("CLIENT", "KILL", "USER", "app1");

        awaitHit(client, "/after");
        assertThat(client.get("/before").isHit()).as("pages stored before the rotation are still served").isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(connectionUsers()).isNotEmpty()
                .allSatisfy((id, user) -> assertThat(user).isEqualTo("app2")));
        assertThat(asked.get()).as("the resolver is asked for every new connection").isGreaterThan(1);
    }

    @Test
    void anExpiringTokenIsRenewedBeforeExpiryOnTheOpenConnections() {
        AtomicInteger asked = new AtomicInteger();
        // The first "token" is app1's and lasts 4 s; it is renewed at 3 s with app2's, as a token service would.
        RedisCredentialsResolver resolver = () -> asked.incrementAndGet() == 1
                ? RedisCredentials.expiring("app1", "pw-one", Instant.now().plusSeconds(4))
                : RedisCredentials.expiring("app2", "pw-two", Instant.now().plusSeconds(60));
        HttpProbe client = start(b -> b.redis(r -> r.credentialsResolver(resolver)));
        awaitHit(client, "/page");
        Map<String, String> before = connectionUsers();
        assertThat(before).isNotEmpty().allSatisfy((id, user) -> assertThat(user).isEqualTo("app1"));

        // Re-authenticated in place: the same connections, now as app2, before app1's token would have expired.
        await().atMost(Duration.ofSeconds(4)).untilAsserted(() -> assertThat(connectionUsers())
                .containsAllEntriesOf(before.keySet().stream().collect(Collectors.toMap(id -> id, id -> "app2"))));
        redis.call("ACL", "SETUSER", "app1", "off");
        assertThat(client.get("/page").isHit()).isTrue();
        assertThat(asked.get()).as("one answer for the start, one renewal").isEqualTo(2);
    }

    @Test
    void aWrongPasswordIsOneStartUpLineAndTheSiteRendersUncached() {
        try (LogCapture log = LogCapture.library()) {
            HttpProbe client = start(b -> b.redisUsername("app1").redisPassword("not-the-password"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !warnings(log).isEmpty());
            sleepQuietly(1000);
            List<String> lines = warnings(log);
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).contains("redis standalone " + redis.url(), "refused the credentials",
                    "rendered uncached");
            for (int i = 1; i <= 3; i++) {
                HttpProbe.Response r = client.get("/home");
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).contains("render #" + i);
            }
            assertThat(page.renders()).isEqualTo(3);
            assertThat(everything(log)).doesNotContain("not-the-password");
        }
    }

    @Test
    void aResolverWithTheWrongPasswordIsOneStartUpLineToo() {
        try (LogCapture log = LogCapture.library()) {
            HttpProbe client = start(b -> b.redis(r -> r.credentialsResolver(() -> RedisCredentials.of("app1", "stale"))));
            await().atMost(Duration.ofSeconds(10)).until(() -> !warnings(log).isEmpty());
            sleepQuietly(1000);
            assertThat(warnings(log)).singleElement().asString().contains("refused the credentials");
            assertThat(client.get("/home").status()).isEqualTo(200);
            assertThat(client.get("/home").text()).contains("render #2");
            assertThat(everything(log)).doesNotContain("stale");
        }
    }

    @Test
    void anUnreachableClusterIsOneStartUpLineAndTheSiteRendersUncached() throws Exception {
        String seeds = "redis://127.0.0.1:" + closedPort() + ",redis://127.0.0.1:" + closedPort();
        try (LogCapture log = LogCapture.library()) {
            OutputCacheConfig config = OutputCacheConfig.builder().redisUrls(List.of(seeds.split(",")))
                    .redisMode(OutputCacheConfig.RedisMode.CLUSTER).keyPrefix(prefix).storeTimeout(Duration.ofMillis(300))
                    .rule(CacheRule.builder("pages").include("/**").build()).build();
            server = TestServer.builder().servlet("/*", page).filter(new OutputCacheFilter(config)).start();
            await().atMost(Duration.ofSeconds(15)).until(() -> !warnings(log).isEmpty());
            sleepQuietly(1000);
            assertThat(warnings(log)).singleElement().asString().contains("redis cluster", "could not be reached",
                    "rendered uncached");
            HttpProbe client = server.client();
            assertThat(client.get("/a").status()).isEqualTo(200);
            assertThat(client.get("/a").text()).contains("render #2");
        }
    }

    /** A loopback port nothing listens on (it was free a moment ago). */
    static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static List<String> warnings(LogCapture log) {
        return log.libraryEvents().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Every line any logger wrote, with stack traces: where a secret must not appear. */
    static String everything(LogCapture log) {
        return log.events().stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .collect(Collectors.joining("\n"));
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
