package io.outputcache.demo.hitbench;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The things measured, in report order; the number is the one the docs and the issue use. */
enum Target {
    LIMIT(1, "servlet writing the same bytes from memory (the limit)", "/limit", false),
    REDIS(2, "output cache hit from Redis (near cache off)", "/redis/page", false),
    NEAR(3, "output cache hit from the near cache", "/near/page", false),
    RENDER(4, "page rendered by Thymeleaf, uncached", "/render/page", false),
    VARNISH(5, "Varnish hit in front of the uncached app", "/render/page", false),
    NGINX(6, "nginx proxy_cache hit in front of the uncached app", "/render/page", false),
    REDISSON(7, "one bare Redisson GET of the entry, then the limit's bytes", "/bare/sync", true),
    REDISSON_ASYNC(8, "the same GET with startAsync, written on the completing thread", "/bare/async", true),
    REDISSON_ASYNC_START(9, "the same GET with startAsync, written via AsyncContext.start", "/bare/async-start",
            true),
    REDIS_ASYNC(10, "output cache hit from Redis with async-store-reads on", "/redis-async/page", true),
    JEDIS(11, "one bare Jedis GET of the entry on the request thread, then the limit's bytes", "/bare/jedis", true);

    final int number;
    final String label;
    final String path;
    /** Measured only when named in {@code --targets}: diagnostics of the Redis hit, not part of the comparison. */
    final boolean optIn;

    Target(int number, String label, String path, boolean optIn) {
        this.number = number;
        this.label = label;
        this.path = path;
        this.optIn = optIn;
    }

    /** The name on the command line and in the JSON: {@code redisson-async} for {@code REDISSON_ASYNC}. */
    String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    boolean proxy() {
        return this == VARNISH || this == NGINX;
    }

    /** The targets measured without {@code --targets}. */
    static Set<Target> defaults() {
        Set<Target> set = EnumSet.noneOf(Target.class);
        for (Target t : values()) {
            if (!t.optIn) {
                set.add(t);
            }
        }
        return set;
    }

    /** The target of this command-line name, if there is one. */
    static java.util.Optional<Target> byKey(String key) {
        for (Target t : values()) {
            if (t.key().equals(key.trim().toLowerCase(Locale.ROOT))) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }
}
