package io.outputcache.resilience;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.RedisInvariants;
import io.outputcache.testing.RedisProcess;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A value under a page key that is not a page for that key (garbage, cut short, or another key's page) is a miss,
 * and is deleted. The second render of the page is made unstorable (Set-Cookie) so that the deletion shows.
 */
class CorruptEntryTest {
    private static RedisProcess redis;
    private static RedissonClient inspector;

    private final String prefix = TestRedis.newPrefix();
    private final PageServlet page = new PageServlet();
    private TestServer server;
    private OutputCacheFilter filter;
    private HttpProbe http;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
        Config config = new Config();
        config.useSingleServer().setAddress(redis.url()).setConnectionMinimumIdleSize(1);
        inspector = Redisson.create(config);
    }

    @AfterAll
    static void stopRedis() {
        inspector.shutdown();
        redis.close();
    }

    @BeforeEach
    void start() {
        filter = new OutputCacheFilter(OutputCacheConfig.builder().redisUrl(redis.url()).keyPrefix(prefix)
                .storeTimeout(Duration.ofSeconds(1))
                .rule(CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(5)).build()).build());
        server = TestServer.builder().servlet("/*", page).filter(filter).start();
        http = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
        RedisInvariants.assertClean(inspector, prefix);
    }

    private List<String> pageKeys() {
        return StreamSupport.stream(inspector.getKeys()
                .getKeys(KeysScanOptions.defaults().pattern(prefix + ":p:*")).spliterator(), false).toList();
    }

    /** Stores /target, then replaces its stored bytes with what {@code replace} makes of them. */
    private String storeThenReplace(java.util.function.UnaryOperator<byte[]> replace) {
        int before = pageKeys().size();
        assertThat(http.get("/target").text()).contains("page /target");
        await().atMost(Duration.ofSeconds(2)).until(() -> pageKeys().size() == before + 1);
        String key = pageKeys().stream().filter(k -> inspector.<byte[]>getBucket(k, ByteArrayCodec.INSTANCE).get().length > 0
                && new String(inspector.<byte[]>getBucket(k, ByteArrayCodec.INSTANCE).get(), StandardCharsets.ISO_8859_1)
                .contains("/target")).findFirst().orElseThrow();
        RBucket<byte[]> bucket = inspector.getBucket(key, ByteArrayCodec.INSTANCE);
        bucket.set(replace.apply(bucket.get()), Duration.ofMinutes(5));
        page.behave((req, res, n) -> {
            res.addHeader("Set-Cookie", "s=1"); // this render is not stored: the key stays deleted
            PageServlet.standardPage(req, res, n);
        });
        return key;
    }

    private void assertMissAndDeleted(String key) {
        int renders = page.renders();
        HttpProbe.Response response = http.get("/target");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).contains("page /target").contains("render #" + (renders + 1));
        assertThat(response.isHit()).isFalse();
        assertThat(filter.outputCache().stats().corruptEntries()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(2)).until(() -> !inspector.getBucket(key).isExists());
    }

    @Test
    void garbageUnderAPageKeyIsAMissAndIsDeleted() {
        String key = storeThenReplace(bytes -> "not a page at all".getBytes(StandardCharsets.UTF_8));
        assertMissAndDeleted(key);
    }

    @Test
    void aTruncatedPageIsAMissAndIsDeleted() {
        String key = storeThenReplace(bytes -> Arrays.copyOf(bytes, bytes.length / 2));
        assertMissAndDeleted(key);
    }

    @Test
    void aFlippedByteIsAMissAndIsDeleted() {
        String key = storeThenReplace(bytes -> {
            byte[] copy = bytes.clone();
            copy[copy.length - 10] ^= 0x55;
            return copy;
        });
        assertMissAndDeleted(key);
    }

    @Test
    void anotherKeysPageUnderThisKeyIsAMissAndIsDeleted() {
        // a valid page, but stored for /other: served under /target it would be the wrong page
        http.get("/other");
        await().atMost(Duration.ofSeconds(2)).until(() -> pageKeys().size() == 1);
        byte[] foreign = inspector.<byte[]>getBucket(pageKeys().get(0), ByteArrayCodec.INSTANCE).get();
        String key = storeThenReplace(bytes -> foreign);
        assertMissAndDeleted(key);
    }
}
