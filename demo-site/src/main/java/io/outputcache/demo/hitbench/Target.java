package io.outputcache.demo.hitbench;

/** The six things measured, in report order; the number is the one the docs and the issue use. */
enum Target {
    LIMIT(1, "servlet writing the same bytes from memory (the limit)", "/limit"),
    REDIS(2, "output cache hit from Redis (near cache off)", "/redis/page"),
    NEAR(3, "output cache hit from the near cache", "/near/page"),
    RENDER(4, "page rendered by Thymeleaf, uncached", "/render/page"),
    VARNISH(5, "Varnish hit in front of the uncached app", "/render/page"),
    NGINX(6, "nginx proxy_cache hit in front of the uncached app", "/render/page");

    final int number;
    final String label;
    final String path;

    Target(int number, String label, String path) {
        this.number = number;
        this.label = label;
        this.path = path;
    }

    String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    boolean proxy() {
        return this == VARNISH || this == NGINX;
    }
}
