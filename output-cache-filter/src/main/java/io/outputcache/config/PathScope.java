package io.outputcache.config;

import io.outputcache.internal.key.PathPattern;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Which paths a rule covers: those an include pattern matches and no exclude pattern does. Patterns are
 * {@code /exact}, {@code /products/*} (one segment), {@code /docs/**} (the folder and all below), {@code /*.html},
 * matched against the normalised path within the application. Compiled once, when the scope is made.
 */
public final class PathScope {
    private final List<PathPattern> include;
    private final List<PathPattern> exclude;

    private PathScope(List<PathPattern> include, List<PathPattern> exclude) {
        this.include = List.copyOf(include);
        this.exclude = List.copyOf(exclude);
    }

    /**
     * Compiles the patterns; {@code owner} (e.g. {@code "rule pages"}) begins every complaint.
     *
     * @throws InvalidConfigurationException when include is empty or a pattern is not one of the forms above
     */
    public static PathScope of(String owner, Collection<String> include, Collection<String> exclude) {
        return builder(owner).include(include).exclude(exclude).build();
    }

    /** Starts a scope; {@code owner} (e.g. {@code "rule pages"}) begins every complaint. */
    public static Builder builder(String owner) {
        return new Builder(owner, null);
    }

    /** A builder whose unset lists keep this scope's patterns. */
    public Builder toBuilder(String owner) {
        return new Builder(owner, this);
    }

    private static List<PathPattern> compile(String option, Collection<String> patterns) {
        List<PathPattern> compiled = new ArrayList<>();
        for (String p : Check.notNull(option, patterns)) {
            try {
                compiled.add(PathPattern.compile(option, p));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(e.getMessage(), e);
            }
        }
        return compiled;
    }

    /** Whether a path (relative to the application's context path) is in scope. */
    public boolean matches(String path) {
        // Loops, not streams: every request asks each rule in turn.
        boolean included = false;
        for (PathPattern pattern : include) {
            if (pattern.matches(path)) {
                included = true;
                break;
            }
        }
        if (!included) {
            return false;
        }
        for (PathPattern pattern : exclude) {
            if (pattern.matches(path)) {
                return false;
            }
        }
        return true;
    }

    public List<String> include() {
        return include.stream().map(PathPattern::pattern).toList();
    }

    public List<String> exclude() {
        return exclude.stream().map(PathPattern::pattern).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathScope s && s.include().equals(include()) && s.exclude().equals(exclude());
    }

    @Override
    public int hashCode() {
        return Objects.hash(include(), exclude());
    }

    @Override
    public String toString() {
        return "include=" + include() + (exclude.isEmpty() ? "" : ", exclude=" + exclude());
    }

    /** Collects the two lists; each pattern is compiled (and checked) by its setter, and each list is set once. */
    public static final class Builder {
        private final String owner;
        private final PathScope base;
        private List<PathPattern> include;
        private List<PathPattern> exclude;

        private Builder(String owner, PathScope base) {
            this.owner = owner;
            this.base = base;
        }

        public Builder include(Collection<String> patterns) {
            Check.unset(owner + " include", include);
            this.include = compile(owner + " include", patterns);
            return this;
        }

        public Builder exclude(Collection<String> patterns) {
            Check.unset(owner + " exclude", exclude);
            this.exclude = compile(owner + " exclude", patterns);
            return this;
        }

        /** @throws InvalidConfigurationException when no include pattern was given */
        public PathScope build() {
            List<PathPattern> in = include != null ? include : base != null ? base.include : List.of();
            if (in.isEmpty()) {
                throw Check.fail(owner + " needs at least one include pattern");
            }
            return new PathScope(in, exclude != null ? exclude : base != null ? base.exclude : List.of());
        }
    }
}
