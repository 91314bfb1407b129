package io.outputcache.internal.purge;

import io.outputcache.internal.config.TagNames;
import io.outputcache.internal.key.PathNormalizer;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a purge request asks for, read from its parameters, or why it is refused. Pure: the parameters come in
 * as the servlet gives them. A token in the query string is refused on its own ({@link #tokenInQuery}), before
 * the token is checked: URLs end up in access logs, browser histories and proxies.
 */
final class PurgeOrder {
    /** At most this many tags and paths in one purge: a bigger job is several requests, each rate-limited. */
    static final int MAX_TARGETS = 100;

    private static final Set<String> KNOWN = Set.of("tag", "path", "all");

    /** The result of reading a request. */
    sealed interface Reading permits Order, Refused {
    }

    /**
     * A valid order.
     *
     * @param all whether everything is removed (tags and paths are then not looked at)
     */
    record Order(Set<String> tags, Set<String> paths, boolean all) implements Reading {
    }

    /** A request refused with 400, and the reason sent back. */
    record Refused(String reason) implements Reading {
    }

    private PurgeOrder() {
    }

    /**
     * A refusal when the query string looks like it carries the token (a parameter named like a token or like
     * the token header): checked before the token, and the request is refused even when its header is right.
     *
     * @param queryNames      the names of the query string's parameters
     * @param tokenHeaderName the header that carries the token, lower-case, for the message
     */
    static Optional<Refused> tokenInQuery(Set<String> queryNames, String tokenHeaderName) {
        for (String name : queryNames) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.contains("token") || lower.equals(tokenHeaderName)) {
                return Optional.of(new Refused("the token belongs in the " + tokenHeaderName + " request header,"
                        + " never in the query string; it was not accepted"));
            }
        }
        return Optional.empty();
    }

    /**
     * @param params every parameter of the request (query string and form body), as the servlet gives them
     */
    static Reading read(Map<String, String[]> params) {
        for (String name : params.keySet()) {
            if (!KNOWN.contains(name)) {
                return new Refused("unknown parameter '" + shorten(name) + "'; a purge takes tag=..., path=... or"
                        + " all=true");
            }
        }
        String[] all = params.getOrDefault("all", new String[0]);
        if (all.length > 1 || (all.length == 1 && !all[0].equals("true"))) {
            return new Refused("all must be given once, as all=true");
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String tag : params.getOrDefault("tag", new String[0])) {
            try {
                tags.add(TagNames.check("tag", tag));
            } catch (IllegalArgumentException e) {
                return new Refused("tag must be 1-200 characters without spaces, commas or control characters"
                        + " but got '" + shorten(tag) + "'");
            }
        }
        Set<String> paths = new LinkedHashSet<>();
        for (String path : params.getOrDefault("path", new String[0])) {
            int q = path.indexOf('?');
            if (path.isEmpty() || path.charAt(0) != '/' || path.length() > 2048
                    || PathNormalizer.normalize(q < 0 ? path : path.substring(0, q)).isEmpty()) {
                return new Refused("path must start with '/' (a path within the application, with its query if"
                        + " any) but got '" + shorten(path) + "'");
            }
            paths.add(path);
        }
        if (all.length == 0 && tags.isEmpty() && paths.isEmpty()) {
            return new Refused("nothing to purge: give tag=..., path=... or all=true");
        }
        if (tags.size() + paths.size() > MAX_TARGETS) {
            return new Refused("at most " + MAX_TARGETS + " tags and paths in one purge but got "
                    + (tags.size() + paths.size()));
        }
        return new Order(tags, paths, all.length == 1);
    }

    /** What a refusal may echo of the request: short, printable, so that the answer cannot carry much. */
    static String shorten(String value) {
        String cut = value.length() > 60 ? value.substring(0, 60) + "..." : value;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
