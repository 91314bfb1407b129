package io.outputcache.internal.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the tags of a tags header ({@code tags-header}, e.g. {@code Surrogate-Key: product-42 category-shoes},
 * {@code Cache-Tag: a,b} or {@code xkey: a b}): tags separated by spaces, tabs or commas, in any mix, as the
 * headers of Fastly, Cloudflare and Varnish's xkey allow. A tag {@link TagNames} refuses is set aside, not fatal:
 * the header comes from the application at run time, and one bad tag must not cost the page its other tags or
 * the client its response.
 */
public final class HeaderTags {
    /** At most this many tags are read from one response: each costs a tag index write. */
    public static final int MAX_TAGS = 64;

    private HeaderTags() {
    }

    /**
     * The tags of one header value.
     *
     * @param tags     the valid tags, in order, duplicates dropped, at most {@link #MAX_TAGS}
     * @param rejected what was set aside: invalid tags, and the tags beyond the limit
     */
    public record Parsed(Set<String> tags, List<String> rejected) {
        public Parsed {
            tags = Collections.unmodifiableSet(new LinkedHashSet<>(tags));
            rejected = List.copyOf(rejected);
        }
    }

    public static Parsed parse(String value) {
        Set<String> tags = new LinkedHashSet<>();
        List<String> rejected = new ArrayList<>();
        if (value == null) {
            return new Parsed(tags, rejected);
        }
        for (String token : value.split("[ \t,]+")) {
            if (token.isEmpty()) {
                continue; // leading separators, or an empty value
            }
            if (!valid(token)) {
                rejected.add(token);
            } else if (tags.size() >= MAX_TAGS && !tags.contains(token)) {
                rejected.add(token);
            } else {
                tags.add(token);
            }
        }
        return new Parsed(tags, rejected);
    }

    private static boolean valid(String token) {
        try {
            TagNames.check("tag", token);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
