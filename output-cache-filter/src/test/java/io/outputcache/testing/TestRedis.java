package io.outputcache.testing;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import java.util.UUID;

/**
 * How tests get a Redis, decided once per JVM in this order: {@code REDIS_URL} if set; else Testcontainers
 * ({@code redis:7}) when a Docker engine is available; else a throwaway redis-server (from PATH, or the binary
 * bundled in embedded-redis) on a free port. If none can be had the tests fail with a message that says how to
 * provide one; they never skip. Tests isolate themselves with {@link #newPrefix()}.
 */
public final class TestRedis {
    private static volatile String url;
    private static volatile String source;
    private static volatile RedissonClient inspector;

    private TestRedis() {
    }

    public static synchronized String url() {
        if (url != null) {
            return url;
        }
        String env = System.getenv("REDIS_URL");
        if (env != null && !env.isBlank()) {
            source = "REDIS_URL";
            return url = env.trim();
        }
        String docker = Containers.redisUrlIfDockerAvailable();
        if (docker != null) {
            source = "testcontainers redis:7";
            return url = docker;
        }
        RedisProcess process = RedisProcess.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::close, "redis-test-shutdown"));
        source = "redis-server process " + RedisBinary.find();
        return url = process.url();
    }

    /** Where the Redis of this run came from, for test reports. */
    public static String source() {
        url();
        return source;
    }

    /** A key prefix no other test uses. */
    public static String newPrefix() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A Redisson client for tests to look at what the filter wrote. */
    public static synchronized RedissonClient inspector() {
        if (inspector == null) {
            Config config = new Config();
            config.useSingleServer().setAddress(url()).setConnectionMinimumIdleSize(1);
            inspector = Redisson.create(config);
            Runtime.getRuntime().addShutdownHook(new Thread(inspector::shutdown, "redis-inspector-shutdown"));
        }
        return inspector;
    }
}
