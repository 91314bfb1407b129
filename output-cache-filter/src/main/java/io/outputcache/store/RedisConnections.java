package io.outputcache.store;

import io.outputcache.OutputCacheConfig;
import org.redisson.Redisson;
import org.redisson.config.BaseConfig;
import org.redisson.config.Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/** Turns the filter's Redis settings into a Redisson client tuned for a cache that must fail fast. */
final class RedisConnections {
    private RedisConnections() {
    }

    static RedisPageStore connect(OutputCacheConfig c) {
        Config config;
        if (c.redissonConfigFile().isPresent()) {
            try {
                config = Config.fromYAML(c.redissonConfigFile().get().toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("redisson-config " + c.redissonConfigFile().get() + " could not be read", e);
            }
        } else {
            config = new Config();
            String[] urls = c.redisUrls().toArray(String[]::new);
            BaseConfig<?> base = switch (c.redisMode()) {
                case STANDALONE -> config.useSingleServer().setAddress(urls[0]).setDatabase(c.redisDatabase())
                        .setConnectionMinimumIdleSize(16).setSubscriptionConnectionMinimumIdleSize(1);
                case CLUSTER -> config.useClusterServers().addNodeAddress(urls)
                        .setMasterConnectionMinimumIdleSize(2).setSlaveConnectionMinimumIdleSize(1);
                case SENTINEL -> config.useSentinelServers().setMasterName(c.redisSentinelMaster().orElseThrow())
                        .addSentinelAddress(urls).setDatabase(c.redisDatabase())
                        .setMasterConnectionMinimumIdleSize(2).setSlaveConnectionMinimumIdleSize(1);
            };
            c.redisUsername().ifPresent(base::setUsername);
            c.redisPassword().ifPresent(base::setPassword);
            // The filter bounds every call itself and treats failure as a miss: Redisson must not retry for seconds.
            base.setRetryAttempts(0);
            // The request path bounds each call by store-timeout itself; Redisson's own response timeout only
            // frees a connection from a command that never answers, and must leave room for admin calls (SCAN).
            base.setTimeout((int) Math.max(1000, c.storeTimeout().toMillis()));
            base.setConnectTimeout((int) c.redisConnectTimeout().toMillis());
            base.setPingConnectionInterval(5_000);
        }
        // Start without a connection, so that the application starts while Redis is down.
        config.setLazyInitialization(true);
        String where = c.redissonConfigFile().map(f -> "redisson-config " + f)
                .orElse(c.redisMode().name().toLowerCase(Locale.ROOT) + " " + String.join(",", c.redisUrls()));
        return new RedisPageStore(Redisson.create(config), c.keyPrefix(), true, "redis " + where + " prefix=" + c.keyPrefix());
    }
}
