package io.outputcache.internal.policy;

import io.outputcache.internal.http.CacheControl;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The response directive {@code no-cache} (RFC 9111 §5.2.2.4) in its two forms: unqualified, the stored response
 * must be validated before each use; qualified ({@code no-cache="Set-Cookie, X-Foo"}), only the listed fields
 * must not be sent without validation, so a cache may store the response without them and use it as usual.
 */
public final class NoCache {
    private NoCache() {
    }

    /** Whether the whole response must be validated before each use. */
    public static boolean requiresValidation(CacheControl cc) {
        return cc.has("no-cache") && cc.argument("no-cache").orElse("").isBlank();
    }

    /** The fields a qualified {@code no-cache} lists, lower-case; empty when unqualified or absent. */
    public static Set<String> listedFields(CacheControl cc) {
        Set<String> fields = new TreeSet<>();
        for (String member : cc.argument("no-cache").orElse("").split(",")) {
            String name = member.trim().toLowerCase(Locale.ROOT);
            if (!name.isEmpty()) {
                fields.add(name);
            }
        }
        return fields;
    }
}
