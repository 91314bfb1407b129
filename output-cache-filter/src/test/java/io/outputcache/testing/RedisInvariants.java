package io.outputcache.testing;

import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The keyspace invariants every test that writes to Redis should leave true, checked after the test:
 * no render lease ({@code <prefix>:l:*}) is left held, and every key under the prefix expires.
 *
 * <p>Lease releases and page writes finish in the background after the response has been sent, so the check
 * waits (up to {@code settle}) for them before it fails.
 */
public final class RedisInvariants {
    private RedisInvariants() {
    }

    /** Checks with the default settling time of two seconds. */
    public static void assertClean(RedissonClient redis, String prefix) {
        assertClean(redis, prefix, Duration.ofSeconds(2));
    }

    public static void assertClean(RedissonClient redis, String prefix, Duration settle) {
        long deadline = System.nanoTime() + settle.toNanos();
        List<String> problems;
        do {
            problems = problems(redis, prefix);
            if (problems.isEmpty()) {
                return;
            }
            sleep(25);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Redis keyspace under prefix '" + prefix + "' is not clean: " + problems);
    }

    /** What is wrong now: leases still held, keys without a TTL. Empty when the invariants hold. */
    public static List<String> problems(RedissonClient redis, String prefix) {
        List<String> problems = new ArrayList<>();
        for (String key : redis.getKeys().getKeys(KeysScanOptions.defaults().pattern(prefix + ":*").chunkSize(500))) {
            if (key.startsWith(prefix + ":l:")) {
                problems.add("render lease still held: " + key);
                continue;
            }
            long ttl = redis.getKeys().remainTimeToLive(key);
            if (ttl == -1) {
                problems.add("key without TTL: " + key);
            }
        }
        return problems;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the keyspace to settle", e);
        }
    }
}
