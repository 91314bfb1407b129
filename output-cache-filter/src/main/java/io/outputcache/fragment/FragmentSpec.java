package io.outputcache.fragment;

import io.outputcache.internal.config.TagNames;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What identifies a cached fragment and how long it lives: a name, the vary values that select one variant
 * (locale, a model value), a time to live and the tags {@link io.outputcache.OutputCache#invalidateTag} removes
 * it by.
 *
 * <p>The name and the vary values are the whole key: two renders with the same name and vary values share one
 * stored fragment, whatever else differs. A fragment whose output depends on the user, the request or anything
 * not in the vary values must list it, or be a hole (see {@code docs/fragments.md}).
 *
 * @param name  the fragment's name, unique within the application (1-200 characters)
 * @param ttl   how long a stored render is used
 * @param vary  the values the fragment's output depends on, in order ({@code null} allowed)
 * @param tags  tags to store the fragment under
 */
public record FragmentSpec(String name, Duration ttl, List<String> vary, Set<String> tags) {

    public FragmentSpec {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("fragment name must be 1-200 characters but was '" + name + "'");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("fragment ttl must be positive but was " + ttl + " (fragment '" + name + "')");
        }
        vary = Collections.unmodifiableList(new ArrayList<>(vary)); // List.copyOf refuses null vary values
        for (String tag : tags) {
            TagNames.check("fragment tag", tag);
        }
        tags = Collections.unmodifiableSet(new LinkedHashSet<>(tags));
    }

    /** Starts a spec for the named fragment. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Collects the parts of a {@link FragmentSpec}; {@link #ttl(Duration)} is required. */
    public static final class Builder {
        private final String name;
        private Duration ttl;
        private final List<String> vary = new ArrayList<>();
        private final Set<String> tags = new LinkedHashSet<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        /** Adds vary values; each is keyed by its {@code toString()} ({@code null} stays distinct from "null"). */
        public Builder vary(Object... values) {
            for (Object v : values) {
                vary.add(v == null ? null : v.toString());
            }
            return this;
        }

        public Builder vary(Collection<?> values) {
            return vary(values.toArray());
        }

        public Builder tags(String... tags) {
            Collections.addAll(this.tags, tags);
            return this;
        }

        public Builder tags(Collection<String> tags) {
            this.tags.addAll(tags);
            return this;
        }

        public FragmentSpec build() {
            if (ttl == null) {
                throw new IllegalStateException("fragment '" + name + "' needs a ttl");
            }
            return new FragmentSpec(name, ttl, vary, tags);
        }
    }
}
