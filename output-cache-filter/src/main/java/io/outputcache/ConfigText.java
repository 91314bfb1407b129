package io.outputcache;

import io.outputcache.config.NearCacheSettings;
import io.outputcache.config.PurgeSettings;

/** The text of {@link OutputCacheConfig#toString()}: every setting, never a password or a token. */
final class ConfigText {
    private ConfigText() {
    }

    static String describe(OutputCacheConfig c) {
        String where = c.store().map(st -> "store=" + st.describe())
                .or(() -> c.redissonClient().map(client -> "store=redis (given RedissonClient)"))
                .orElse(c.storeType() == OutputCacheConfig.StoreType.MEMORY
                        ? "store=memory, memory-max-size=" + c.memoryMaxSize() : "store=redis, " + c.redis());
        return "OutputCacheConfig{rules=" + c.rules() + ", " + where + ", key-prefix=" + c.keySpace().prefix()
                + ", allowed-hosts=" + (c.keySpace().allowedHosts().isEmpty() ? "(any)" : c.keySpace().allowedHosts())
                + ", max-body-size=" + c.maxBodySize() + ", compress-min-size=" + c.compressMinSize() + ", "
                + c.resilience() + ", cache-status-name=" + c.cacheStatusName()
                + (c.debugHeaders() ? ", debug-headers" : "") + ", " + c.proxyHeaders() + ", "
                + c.leakGuardSettings() + (c.shadow() ? ", shadow" : "")
                + c.targetedCacheControl().map(f -> ", targeted-cache-control=" + f).orElse("")
                + c.tagsHeader().map(h -> ", tags-header=" + h).orElse("")
                + c.purge().map(PurgeSettings::toString).map(p -> ", " + p).orElse("")
                + c.nearCache().map(NearCacheSettings::maxSize).map(n -> ", near-cache-max-size=" + n).orElse("")
                + (c.asyncStoreReads() ? ", async-store-reads" : "") + "}";
    }
}
