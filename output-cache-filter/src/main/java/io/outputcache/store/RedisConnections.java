package io.outputcache.store;

import io.outputcache.config.RedisSettings;
import io.outputcache.config.RedisTopology;
import io.outputcache.config.TlsTrust;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.BaseConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.SslVerificationMode;
import org.redisson.config.TransportMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns the filter's Redis settings into a Redisson client tuned for a cache that must fail fast. */
final class RedisConnections {
    private RedisConnections() {
    }

    /**
     * A client for these settings; {@code storeTimeout} bounds Redisson's own response timeout from below. It
     * connects lazily, so that the application starts while Redis is down.
     */
    static RedissonClient client(RedisSettings redis, Duration storeTimeout, String keyPrefix) {
        Config config;
        RotatingCredentials rotating = null;
        if (redis.redissonConfig().isPresent()) {
            try {
                config = Config.fromYAML(redis.redissonConfig().get().toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("redisson-config " + redis.redissonConfig().get() + " could not be read", e);
            }
        } else {
            config = new Config();
            BaseConfig<?> base = servers(config, redis.topology());
            // Redisson 4 takes credentials and TLS at the top level, for every server of the topology.
            redis.username().ifPresent(config::setUsername);
            redis.password().ifPresent(config::setPassword);
            if (redis.credentialsResolver().isPresent()) {
                rotating = new RotatingCredentials(redis.credentialsResolver().get(), Clock.systemUTC());
                config.setCredentialsResolver(rotating);
            }
            tls(config, redis.tls());
            // The filter bounds every call itself and treats failure as a miss: Redisson must not retry for seconds.
            base.setRetryAttempts(0);
            // The request path bounds each call by store-timeout itself; Redisson's own response timeout only
            // frees a connection from a command that never answers, and must leave room for admin calls (SCAN).
            base.setTimeout((int) Math.max(1000, storeTimeout.toMillis()));
            base.setConnectTimeout((int) redis.connectTimeout().toMillis());
            base.setPingConnectionInterval(5_000);
            config.setNettyThreads(nettyThreads(Runtime.getRuntime().availableProcessors()));
            if (epollAvailable()) {
                config.setTransportMode(TransportMode.EPOLL);
            }
        }
        // Start without a connection, so that the application starts while Redis is down.
        config.setLazyInitialization(true);
        RedissonClient client = Redisson.create(config);
        if (rotating != null) {
            rotating.stopWhen(() -> client.isShuttingDown() || client.isShutdown());
        }
        List<String> secrets = new ArrayList<>();
        redis.password().ifPresent(secrets::add);
        redis.tls().trustStorePassword().ifPresent(secrets::add);
        StartupCheck.start(client, describe(redis, keyPrefix), keyPrefix + ":p:start-up-check", secrets);
        return client;
    }

    /**
     * One event loop per core, not Redisson's 32 whatever the machine: every reply is handed from an event loop to
     * the request thread that waits for it, and 32 loops on a few cores each wake for a reply or two and sleep
     * again. Measured on 2 cores (64 threads reading one 12 kB value): 2 loops took 40-48 µs of CPU per GET where
     * 32 took 62-91, and answered 19-21k GETs/s where 32 answered 13-15k.
     */
    static int nettyThreads(int cores) {
        return Math.max(2, Math.min(32, cores));
    }

    /**
     * Whether Netty's native epoll transport loads here (it is an optional dependency:
     * {@code io.netty:netty-transport-native-epoll}, classifier {@code linux-x86_64}, the Netty version Redisson
     * brings). Looked up by name, so that without it nothing of it is loaded; fewer system calls per GET than NIO.
     */
    static boolean epollAvailable() {
        try {
            Class<?> epoll = Class.forName("io.netty.channel.epoll.Epoll", true,
                    RedisConnections.class.getClassLoader());
            return (Boolean) epoll.getMethod("isAvailable").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }

    /**
     * Verification stays on: the JVM's CAs by default, or the configured trust store / PEM CAs, checked with the
     * host name unless {@code redis-tls-verification=ca-only}.
     */
    private static void tls(Config config, TlsTrust tls) {
        tls.trustManagerFactory().ifPresent(config::setSslTrustManagerFactory);
        config.setSslVerificationMode(tls.verification() == TlsTrust.Verification.CA_ONLY
                ? SslVerificationMode.CA_ONLY : SslVerificationMode.STRICT);
    }

    private static BaseConfig<?> servers(Config config, RedisTopology topology) {
        String[] urls = topology.addresses().toArray(String[]::new);
        if (topology instanceof RedisTopology.Cluster) {
            // Reads go to the masters: a lagging replica would return a page the master has just invalidated.
            return config.useClusterServers().addNodeAddress(urls).setReadMode(ReadMode.MASTER)
                    .setMasterConnectionMinimumIdleSize(2).setSlaveConnectionMinimumIdleSize(1);
        }
        if (topology instanceof RedisTopology.Sentinel s) {
            return config.useSentinelServers().setMasterName(s.masterName()).addSentinelAddress(urls)
                    .setReadMode(ReadMode.MASTER).setDatabase(s.database()).setMasterConnectionMinimumIdleSize(2).setSlaveConnectionMinimumIdleSize(1);
        }
        RedisTopology.Standalone single = (RedisTopology.Standalone) topology;
        return config.useSingleServer().setAddress(single.address()).setDatabase(single.database())
                .setConnectionMinimumIdleSize(16).setSubscriptionConnectionMinimumIdleSize(1);
    }

    /** Where the client connects, for logs: never a password. */
    static String describe(RedisSettings redis, String keyPrefix) {
        String where = redis.redissonConfig().map(f -> "redisson-config " + f)
                .orElse(redis.topology().getClass().getSimpleName().toLowerCase(Locale.ROOT) + " "
                        + String.join(",", redis.topology().addresses()));
        return "redis " + where + " prefix=" + keyPrefix;
    }
}
