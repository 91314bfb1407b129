package io.outputcache.internal.http;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parsed {@code Cache-Control} directives (RFC 9111 §5.2), of a request or a response. Directive names compare
 * without case; a directive repeated keeps its first value; an argument that is not a valid delta-seconds makes
 * that directive count as present with no usable value.
 */
public final class CacheControl {
    private static final CacheControl NONE = new CacheControl(Map.of());

    /** Lower-case directive to its argument (unquoted), or "" when it has none. */
    private final Map<String, String> directives;

    private CacheControl(Map<String, String> directives) {
        this.directives = directives;
    }

    public static CacheControl none() {
        return NONE;
    }

    /** Parses every {@code Cache-Control} field of the headers. */
    public static CacheControl of(HeaderMap headers) {
        return headers.joined("cache-control").map(CacheControl::parse).orElse(NONE);
    }

    /** Directives already parsed from another syntax (a targeted field, RFC 9213): lower-case name to argument. */
    static CacheControl ofDirectives(Map<String, String> directives) {
        return directives.isEmpty() ? NONE : new CacheControl(Collections.unmodifiableMap(new LinkedHashMap<>(directives)));
    }

    public static CacheControl parse(String value) {
        Map<String, String> directives = new LinkedHashMap<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            while (i < n && (value.charAt(i) == ',' || value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
                i++;
            }
            int nameStart = i;
            while (i < n && value.charAt(i) != '=' && value.charAt(i) != ',') {
                i++;
            }
            String name = value.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
            String arg = "";
            if (i < n && value.charAt(i) == '=') {
                i++;
                if (i < n && value.charAt(i) == '"') {
                    StringBuilder sb = new StringBuilder();
                    i++;
                    while (i < n && value.charAt(i) != '"') {
                        if (value.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        sb.append(value.charAt(i++));
                    }
                    i++; // closing quote
                    arg = sb.toString();
                    while (i < n && value.charAt(i) != ',') {
                        i++;
                    }
                } else {
                    int argStart = i;
                    while (i < n && value.charAt(i) != ',') {
                        i++;
                    }
                    arg = value.substring(argStart, i).trim();
                }
            }
            if (!name.isEmpty()) {
                directives.putIfAbsent(name, arg);
            }
        }
        return directives.isEmpty() ? NONE : new CacheControl(Collections.unmodifiableMap(directives));
    }

    public boolean has(String directive) {
        return directives.containsKey(directive);
    }

    public Optional<String> argument(String directive) {
        return Optional.ofNullable(directives.get(directive));
    }

    /**
     * The delta-seconds argument of a directive (RFC 9111 §1.2.2): present and a valid non-negative integer.
     * Values too large saturate at 2^31 seconds, as the RFC asks.
     */
    public Optional<Duration> seconds(String directive) {
        String arg = directives.get(directive);
        if (arg == null || arg.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 0; i < arg.length(); i++) {
            if (arg.charAt(i) < '0' || arg.charAt(i) > '9') {
                return Optional.empty();
            }
        }
        long secs = arg.length() > 10 ? 2147483648L : Math.min(Long.parseLong(arg), 2147483648L);
        return Optional.of(Duration.ofSeconds(secs));
    }

    public boolean isEmpty() {
        return directives.isEmpty();
    }

    public Map<String, String> directives() {
        return directives;
    }

    @Override
    public String toString() {
        return directives.toString();
    }
}
