package io.outputcache.testing;

import io.outputcache.OutputCacheConfig;
import org.junit.jupiter.api.Assumptions;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Redis deployments the test suite runs against, each started once per JVM on first use and stopped when the
 * JVM exits: {@link #STANDALONE} is {@link TestRedis}; the others are built from the {@code redis-server} binary
 * ({@link RedisCluster}, {@link RedisSentinels}, {@link RedisTls}). A test configures the filter or the store for
 * a topology through the library's own settings with {@link #configure(OutputCacheConfig.Builder)}.
 *
 * <p>When a topology cannot be started here (say the bundled redis-server has no TLS), {@link #deployment()}
 * skips the calling test with the reason, unless {@code OUTPUTCACHE_REQUIRE_ALL_TESTS=true}, where it fails.
 */
public enum RedisTopology {
    STANDALONE(RedisTopology::standalone),
    CLUSTER(RedisTopology::cluster),
    SENTINEL(RedisTopology::sentinel),
    TLS(RedisTopology::tls);

    /** Set in CI: a topology that cannot be started fails the test instead of skipping it. */
    public static final String REQUIRE_ALL = "OUTPUTCACHE_REQUIRE_ALL_TESTS";

    /**
     * A running topology: how a client reaches it, and what the test may look at.
     *
     * @param urls the addresses a client is given (for Sentinel: the Sentinels)
     * @param configurer sets {@code redis-url}, {@code redis-mode}, ... on a config builder
     * @param inspector a client of its own, to look at the keyspace
     * @param cluster the cluster, for {@link #CLUSTER} only (to count error replies per node)
     * @param sentinels the Sentinel set, for {@link #SENTINEL} only (to reach the master and the replica)
     */
    public record Deployment(String description, List<String> urls, UnaryOperator<OutputCacheConfig.Builder> configurer,
                             RedissonClient inspector, RedisCluster cluster, RedisSentinels sentinels) {
    }

    private final Supplier<Deployment> starter;
    private Deployment deployment;
    private RuntimeException failure;

    RedisTopology(Supplier<Deployment> starter) {
        this.starter = starter;
    }

    /** The running topology, started on first use; skips (or fails, in CI) the caller if it cannot start. */
    public synchronized Deployment deployment() {
        if (deployment == null && failure == null) {
            long start = System.nanoTime();
            try {
                deployment = starter.get();
                System.out.printf("[topology] %s started in %d ms: %s%n", this,
                        (System.nanoTime() - start) / 1_000_000, deployment.description());
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            String why = "Redis topology " + this + " could not be started here (" + RedisBinary.find() + "): "
                    + failure.getMessage();
            if ("true".equals(System.getenv(REQUIRE_ALL))) {
                fail(REQUIRE_ALL + "=true but " + why, failure);
            }
            Assumptions.abort(why);
        }
        return deployment;
    }

    /** Sets the Redis options of the filter for this topology (URLs, mode, Sentinel master, TLS trust). */
    public OutputCacheConfig.Builder configure(OutputCacheConfig.Builder builder) {
        return deployment().configurer().apply(builder);
    }

    public RedissonClient inspector() {
        return deployment().inspector();
    }

    private static Deployment standalone() {
        String url = TestRedis.url();
        return new Deployment(TestRedis.source() + " " + url, List.of(url), b -> b.redisUrl(url), TestRedis.inspector(), null, null);
    }

    private static Deployment cluster() {
        RedisCluster cluster = RedisCluster.start();
        closeAtExit(cluster);
        List<String> urls = cluster.urls();
        Config config = new Config();
        config.useClusterServers().addNodeAddress(urls.toArray(String[]::new)).setMasterConnectionMinimumIdleSize(1);
        return new Deployment("3 masters on ports " + cluster.ports(), urls,
                b -> b.redisUrls(urls).redisMode(OutputCacheConfig.RedisMode.CLUSTER), inspector(config), cluster, null);
    }

    private static Deployment sentinel() {
        RedisSentinels sentinels = RedisSentinels.start();
        closeAtExit(sentinels);
        List<String> urls = sentinels.sentinelUrls();
        return new Deployment("master " + sentinels.masterPort() + ", 1 replica, sentinels " + urls, urls,
                b -> b.redisUrls(urls).redisMode(OutputCacheConfig.RedisMode.SENTINEL)
                        .redisSentinelMaster(RedisSentinels.MASTER_NAME),
                inspector(sentinelConfig(sentinels)), null, sentinels);
    }

    /** A client config for a Sentinel set that reads from the master (so a test sees its own writes). */
    public static Config sentinelConfig(RedisSentinels sentinels) {
        Config config = new Config();
        config.useSentinelServers().setMasterName(RedisSentinels.MASTER_NAME)
                .addSentinelAddress(sentinels.sentinelUrls().toArray(String[]::new))
                .setReadMode(org.redisson.config.ReadMode.MASTER).setMasterConnectionMinimumIdleSize(1)
                .setSlaveConnectionMinimumIdleSize(1);
        return config;
    }

    private static Deployment tls() {
        RedisTls tls = RedisTls.start();
        closeAtExit(tls);
        // No redis-* option names a trust store yet: the test CA reaches the client through redisson-config,
        // the option for every Redisson setting the filter has no name for.
        Path yaml = writeRedissonYaml(tls);
        Config config = new Config();
        try {
            config.setSslTruststore(tls.certificates().trustStore().toUri().toURL())
                    .setSslTruststorePassword(TestCertificates.STORE_PASSWORD)
                    .useSingleServer().setAddress(tls.url()).setConnectionMinimumIdleSize(1);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        return new Deployment(tls.url() + " (test CA)", List.of(tls.url()), b -> b.redissonConfigFile(yaml), inspector(config), null, null);
    }

    private static Path writeRedissonYaml(RedisTls tls) {
        try {
            Path yaml = tls.server().dir().resolve("redisson.yaml");
            // Redisson 4 takes the TLS settings at the top level, for every server of the topology.
            Files.writeString(yaml, String.join("\n",
                    "sslTruststore: \"" + tls.certificates().trustStore().toUri() + "\"",
                    "sslTruststorePassword: \"" + TestCertificates.STORE_PASSWORD + "\"",
                    "singleServerConfig:",
                    "  address: \"" + tls.url() + "\"",
                    "  retryAttempts: 0",
                    // every pooled connection is a TLS handshake: a test store needs few
                    "  connectionMinimumIdleSize: 2",
                    "  subscriptionConnectionMinimumIdleSize: 1",
                    "  timeout: 2000",
                    "  connectTimeout: 2000",
                    ""));
            return yaml;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RedissonClient inspector(Config config) {
        RedissonClient client = Redisson.create(config);
        Runtime.getRuntime().addShutdownHook(new Thread(client::shutdown, "redis-inspector-shutdown"));
        return client;
    }

    private static void closeAtExit(AutoCloseable resource) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                resource.close();
            } catch (Exception ignored) {
                // the JVM is exiting: best effort, a process left over holds only a temporary directory
            }
        }, "redis-topology-shutdown"));
    }
}
