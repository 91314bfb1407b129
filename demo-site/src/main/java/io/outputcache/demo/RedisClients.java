package io.outputcache.demo;

import io.outputcache.config.RedisSettings;
import io.outputcache.config.RedisTopology;
import io.outputcache.config.RedisUrl;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.BaseConfig;
import org.redisson.config.Config;
import org.redisson.config.EqualJitterDelay;
import org.redisson.config.ReadMode;

import java.time.Duration;

/** Makes the demo's Redisson client (shared by the data cache, the carts and, in code mode, the output cache). */
final class RedisClients {
    private RedisClients() {
    }

    /**
     * Connects to the standalone server, cluster or sentinel set of {@code --redis} (credentials moved out of the
     * URLs by the library's own {@link RedisSettings}) and checks with one command; throws with a reason (never the
     * password) when Redis does not answer.
     *
     * <p>Tuned like the library's own client, because in code mode the output cache uses this one: no retries
     * (every caller bounds its calls and treats a failure as "not cached"; Redisson retrying for seconds is what
     * made every page wait 5 to 6 seconds in an outage), and a reconnection delay capped at 2 s so that caching
     * resumes soon after Redis is back. The response timeout (3 s) bounds no request, since every caller has its
     * own, shorter bound: it frees connections from commands that never answer, and gives the start-up check
     * room on a cold JVM on a busy machine.
     */
    static RedissonClient connect(RedisTarget target) {
        RedisSettings settings = target.settings();
        Config config = new Config();
        BaseConfig<?> base = servers(config, settings.topology())
                .setRetryAttempts(0)
                .setTimeout(3000)
                .setConnectTimeout(2000)
                .setPingConnectionInterval(5000)
                .setReconnectionDelay(new EqualJitterDelay(Duration.ofMillis(100), Duration.ofSeconds(2)));
        settings.username().ifPresent(base::setUsername);
        settings.password().ifPresent(base::setPassword);
        RedissonClient client = null;
        try {
            client = Redisson.create(config);
            client.getBucket("demo:ping", StringCodec.INSTANCE).isExists();
        } catch (RuntimeException e) {
            if (client != null) {
                client.shutdown();
            }
            throw new IllegalStateException("cannot reach Redis at " + target.describe() + ": "
                    + RedisUrl.redact(rootMessage(e)), e);
        }
        return client;
    }

    /**
     * The servers of one topology, tuned as the library tunes its own client (RedisConnections): on a cluster or
     * behind sentinels every read goes to a master, since a lagging replica would return data or pages that the
     * master has just invalidated, which is exactly what two nodes of one shop must not see.
     */
    private static BaseConfig<?> servers(Config config, RedisTopology topology) {
        String[] urls = topology.addresses().toArray(String[]::new);
        if (topology instanceof RedisTopology.Cluster) {
            return config.useClusterServers().addNodeAddress(urls).setReadMode(ReadMode.MASTER)
                    .setMasterConnectionMinimumIdleSize(4).setMasterConnectionPoolSize(64)
                    .setSlaveConnectionMinimumIdleSize(1);
        }
        if (topology instanceof RedisTopology.Sentinel s) {
            return config.useSentinelServers().setMasterName(s.masterName()).addSentinelAddress(urls)
                    .setReadMode(ReadMode.MASTER).setDatabase(s.database()).setMasterConnectionMinimumIdleSize(4)
                    .setMasterConnectionPoolSize(64).setSlaveConnectionMinimumIdleSize(1);
        }
        RedisTopology.Standalone single = (RedisTopology.Standalone) topology;
        return config.useSingleServer().setAddress(single.address()).setDatabase(single.database())
                .setConnectionMinimumIdleSize(4).setConnectionPoolSize(64);
    }

    /**
     * The URL with its user and password replaced by {@code ****}, whatever they contain ({@code /}, {@code @} and
     * {@code :} included, encoded or not): the library's one redaction ({@link RedisUrl#redactValue}), also for
     * a value given without a scheme. Every message of the demo that names a Redis URL goes through it.
     */
    static String redact(String url) {
        return RedisUrl.redactValue(url);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
