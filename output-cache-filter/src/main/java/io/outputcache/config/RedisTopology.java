package io.outputcache.config;

import java.util.List;

/**
 * How the Redis servers of {@code redis-url} are deployed. One record per deployment, each with only the settings
 * that apply to it, so that a sentinel set without a master name or a database number on a cluster cannot be built.
 * Addresses are {@link RedisUrl#address()} forms: without credentials.
 */
public sealed interface RedisTopology {

    /** Every address, in the order given. */
    List<String> addresses();

    /** One server. */
    record Standalone(String address, int database) implements RedisTopology {
        public Standalone {
            Check.notNull("redis-url", address);
            RedisSettings.checkDatabase(database);
        }

        @Override
        public List<String> addresses() {
            return List.of(address);
        }
    }

    /** A Redis Cluster, reached through these seed nodes (a cluster has database 0 only). */
    record Cluster(List<String> addresses) implements RedisTopology {
        public Cluster {
            addresses = RedisSettings.checkAddresses(addresses);
        }
    }

    /** A master found through these sentinels by its name. */
    record Sentinel(String masterName, List<String> addresses, int database) implements RedisTopology {
        public Sentinel {
            if (masterName == null || masterName.isBlank()) {
                throw Check.fail("redis-mode sentinel needs redis-sentinel-master");
            }
            addresses = RedisSettings.checkAddresses(addresses);
            RedisSettings.checkDatabase(database);
        }
    }
}
