package io.outputcache.store;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.config.TlsTrust;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.LogCapture;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.RedisTls;
import io.outputcache.testing.TestCertificates;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.UnaryOperator;

import static io.outputcache.store.RedisCredentialsIT.everything;
import static io.outputcache.store.RedisCredentialsIT.sleepQuietly;
import static io.outputcache.store.RedisCredentialsIT.warnings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The TLS trust options against a TLS-only redis-server whose certificate a CA made for this run signed, behind a
 * real Jetty: the CA given as a trust store or as a PEM file makes pages cached; given nothing, the JVM's CAs do not
 * know it, the certificate is refused (verification is on by default), one start-up line says so and the site
 * renders uncached.
 */
class RedisTlsTrustIT {
    private static RedisTls tls;
    private final String prefix = TestRedis.newPrefix();
    private final PageServlet page = new PageServlet();
    private TestServer server;

    @BeforeAll
    static void startTls() {
        tls = RedisTls.start();
    }

    @AfterAll
    static void stopTls() {
        tls.close();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpProbe start(UnaryOperator<OutputCacheConfig.Builder> options) {
        OutputCacheConfig config = options.apply(OutputCacheConfig.builder().redisUrl(tls.url()).keyPrefix(prefix)
                .storeTimeout(Duration.ofMillis(500)).rule(CacheRule.builder("pages").include("/**").build())).build();
        server = TestServer.builder().servlet("/*", page).filter(new OutputCacheFilter(config)).start();
        return server.client();
    }

    private void assertCached(HttpProbe client) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> client.get("/secure").isHit());
        int renders = page.renders();
        assertThat(client.get("/secure").isHit()).isTrue();
        assertThat(page.renders()).isEqualTo(renders);
    }

    @Test
    void theTestCaAsATrustStoreMakesPagesCached() {
        TestCertificates certs = tls.certificates();
        try (LogCapture log = LogCapture.library()) {
            assertCached(start(b -> b.redis(r -> r.trustStore(certs.trustStore())
                    .trustStorePassword(TestCertificates.STORE_PASSWORD))));
            assertThat(warnings(log)).isEmpty();
            assertThat(everything(log)).doesNotContain(TestCertificates.STORE_PASSWORD);
        }
    }

    @Test
    void theTestCaAsAPemFileMakesPagesCachedWithFullVerification() {
        assertCached(start(b -> b.redis(r -> r.caPem(tls.certificates().caCertPem())
                .tlsVerification(TlsTrust.Verification.STRICT))));
    }

    @Test
    void anUntrustedCertificateIsOneStartUpLineAndTheSiteRendersUncached() {
        try (LogCapture log = LogCapture.library()) {
            HttpProbe client = start(b -> b);
            await().atMost(Duration.ofSeconds(15)).until(() -> !warnings(log).isEmpty());
            sleepQuietly(1000);
            assertThat(warnings(log)).singleElement().asString().contains("redis standalone " + tls.url(),
                    "certificate this client does not trust", "redis-trust-store or redis-ca-pem", "rendered uncached");
            for (int i = 1; i <= 3; i++) {
                HttpProbe.Response r = client.get("/secure");
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).contains("render #" + i);
            }
        }
    }
}
