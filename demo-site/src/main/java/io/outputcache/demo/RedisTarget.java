package io.outputcache.demo;

import io.outputcache.OutputCacheConfig.RedisMode;
import io.outputcache.config.RedisSettings;
import io.outputcache.config.RedisUrl;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Redis the demo was told to use ({@code --redis}, {@code --redis-mode}, {@code --sentinel-master}), checked
 * when the command line is read. The one source of both Redis uses: the demo's own client (carts, data cache, and
 * the output cache in code mode) and, with {@code --webxml}, the filter's {@code redis-url} / {@code redis-mode} /
 * {@code redis-sentinel-master} init-params. The URLs keep their credentials: only {@link #describe()} and
 * {@link RedisSettings#toString()} may be printed.
 *
 * @param urls           one URL (standalone), the seed nodes (cluster) or the sentinels, with credentials if given
 * @param mode           how those servers are deployed
 * @param sentinelMaster the master's name, for sentinel only
 */
public record RedisTarget(List<String> urls, RedisMode mode, Optional<String> sentinelMaster) {

    public RedisTarget {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new UsageException("--redis must name at least one server");
        }
        if (mode == RedisMode.SENTINEL && sentinelMaster.isEmpty()) {
            throw new UsageException("--redis-mode sentinel needs --sentinel-master NAME (the master's name the"
                    + " sentinels know)");
        }
        if (mode != RedisMode.SENTINEL && sentinelMaster.isPresent()) {
            throw new UsageException("--sentinel-master applies to --redis-mode sentinel only");
        }
        if (mode == RedisMode.STANDALONE && urls.size() > 1) {
            throw new UsageException("--redis lists " + urls.size() + " servers; give one, or set --redis-mode"
                    + " cluster or sentinel");
        }
        // The library's own checks last (TLS mixed with plain, a database number on a cluster, ...): the same rules
        // as the filter's init-params, reported against the demo's flags.
        try {
            toSettings(urls, mode, sentinelMaster);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new UsageException("--redis: " + RedisUrl.redact(e.getMessage()));
        }
    }

    /** One {@code --redis} value: comma-separated {@code redis://} or {@code rediss://} URLs. */
    static List<String> parseUrls(String value) {
        List<String> urls = List.of(value.split(",", -1)).stream().map(String::trim).toList();
        for (String url : urls) {
            checkUrl(url);
        }
        return urls;
    }

    static RedisMode parseMode(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "standalone" -> RedisMode.STANDALONE;
            case "cluster" -> RedisMode.CLUSTER;
            case "sentinel" -> RedisMode.SENTINEL;
            default -> throw new UsageException("--redis-mode must be standalone, cluster or sentinel but was '"
                    + value + "'");
        };
    }

    /** The library's settings for these servers: credentials moved out of the URLs, the database from a path. */
    public RedisSettings settings() {
        return toSettings(urls, mode, sentinelMaster);
    }

    /** For start-up lines and {@code /_stats}: the URLs, each redacted, after the mode unless standalone. */
    public String describe() {
        String shown = urls.stream().map(RedisUrl::redactValue).collect(Collectors.joining(","));
        return switch (mode) {
            case STANDALONE -> shown;
            case CLUSTER -> "cluster " + shown;
            case SENTINEL -> "sentinel " + shown + " master " + sentinelMaster.orElseThrow();
        };
    }

    /** The {@code redis-url} init-param: the URLs as given, comma-separated (the filter moves credentials out). */
    String initParamUrls() {
        return String.join(",", urls);
    }

    private static RedisSettings toSettings(List<String> urls, RedisMode mode, Optional<String> master) {
        RedisSettings.Builder b = RedisSettings.builder().urls(urls);
        switch (mode) {
            case CLUSTER -> b.cluster();
            case SENTINEL -> b.sentinel().sentinelMaster(master.orElseThrow());
            default -> b.standalone();
        }
        Optional<Integer> database = urls.stream().map(RedisTarget::database).flatMap(Optional::stream).findFirst();
        database.ifPresent(b::database);
        return b.build();
    }

    /** The {@code /N} after the host, if any. */
    static Optional<Integer> database(String url) {
        int start = url.indexOf("://") + 3;
        int slash = url.indexOf('/', Math.max(start, url.lastIndexOf('@') + 1));
        if (slash < 0 || slash == url.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(url.substring(slash + 1)));
    }

    private static void checkUrl(String url) {
        String shown = RedisUrl.redactValue(url);
        if (url.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw new UsageException("--redis must not contain spaces or control characters but was '" + shown + "'");
        }
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new UsageException("--redis must be a redis:// or rediss:// URL (several separated by commas) or"
                    + " 'embedded' but was '" + shown + "'");
        }
        try {
            RedisUrl.parse(url);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new UsageException("--redis: " + RedisUrl.redact(e.getMessage()));
        }
        int start = url.indexOf("://") + 3;
        int slash = url.indexOf('/', Math.max(start, url.lastIndexOf('@') + 1));
        if (slash >= 0 && !url.substring(slash).matches("/|/[0-9]{1,2}")) {
            throw new UsageException("--redis may end in a database number /0 to /99 only, but was '" + shown + "'");
        }
    }
}
