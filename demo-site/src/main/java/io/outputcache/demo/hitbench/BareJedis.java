package io.outputcache.demo.hitbench;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Target 11, the floor of a Redis hit through a client that does its socket I/O on the calling thread: one bare
 * Jedis {@code GET} of the same value the Redisson targets read (the stored entry's copy), then the limit's bytes.
 * The request thread writes the command and blocks in its own socket read; no event loop hands the reply over.
 * What separates this from target 7 is the client's threading model alone.
 */
final class BareJedis {
    /** One connection per request that may wait at once: {@code wrk -c64} plus headroom. */
    private static final int POOL_SIZE = 96;

    private final JedisPool pool;
    private final byte[] key;
    private final BareRedisson values;

    private BareJedis(JedisPool pool, String key, BareRedisson values) {
        this.pool = pool;
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.values = values;
    }

    /** A pool on the Redis of {@code redisUrl}, reading the key {@code values} seeds. */
    static BareJedis connect(String redisUrl, BareRedisson values) {
        URI uri = URI.create(redisUrl);
        JedisPoolConfig config = new JedisPoolConfig();
        config.setMaxTotal(POOL_SIZE);
        config.setMaxIdle(POOL_SIZE);
        config.setMinIdle(16);
        config.setMaxWait(Duration.ofMillis(500));
        config.setTestOnBorrow(false);
        config.setJmxEnabled(false);
        JedisPool pool = new JedisPool(config, uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), 500);
        return new BareJedis(pool, values.key(), values);
    }

    HttpServlet servlet(byte[] identity, byte[] gzip) {
        return new GetServlet(this, new HitServer.LimitServlet(identity, gzip));
    }

    /** One GET per request; a missing or wrong-sized value is a 500, so that the load generator counts it. */
    private static final class GetServlet extends HttpServlet {
        private final transient BareJedis bare;
        private final transient HitServer.LimitServlet limit;

        GetServlet(BareJedis bare, HitServer.LimitServlet limit) {
            this.bare = bare;
            this.limit = limit;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            int expected = bare.values.valueBytes();
            if (expected == 0) {
                resp.sendError(503, "the bare GET's value is not stored yet");
                return;
            }
            byte[] v;
            try (Jedis jedis = bare.pool.getResource()) {
                v = jedis.get(bare.key);
            } catch (RuntimeException e) {
                v = null;
            }
            if (v == null || v.length != expected) {
                resp.sendError(500, "bare Jedis GET answered " + (v == null ? "nothing" : v.length + " bytes"));
                return;
            }
            limit.write(req, resp);
        }
    }
}
