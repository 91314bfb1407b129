package io.outputcache.internal.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable, case-insensitive multimap of HTTP header fields, keeping the order in which fields arrived.
 * The decision classes read headers through it so that they can be tested without a servlet container.
 *
 * <p>A {@link #lazy lazy} map answers {@link #contains}, {@link #first} and {@link #all} from its
 * {@link HeaderSource} one name at a time, and copies every field only when a reader needs them all
 * ({@link #names}, {@link #toBuilder}); {@link #settled} makes that copy for a reader that outlives the source.
 */
public final class HeaderMap {
    private static final HeaderMap EMPTY = new HeaderMap(Map.of(), Map.of(), null);

    /** Lower-case name to values ({@code null} while a lazy map has not been copied). */
    private final Map<String, List<String>> values;
    /** Lower-case name to the name as first seen (for writing headers back). */
    private final Map<String, String> spelling;
    /** Where a lazy map reads its fields; {@code null} for a map built from fields. */
    private final HeaderSource source;
    /** A lazy map's copy of every field, made on first need; a race copies the same fields twice. */
    private HeaderMap copied;
    /** Every field line in order, made on first need (a stored page's map is replayed on every hit). */
    private List<Line> lines;

    /**
     * One field line: its name lower-case and as first spelled, its value.
     *
     * @param first whether it is the first line of its name
     */
    public record Line(String name, String spelled, String value, boolean first) {
    }

    private HeaderMap(Map<String, List<String>> values, Map<String, String> spelling, HeaderSource source) {
        this.values = values;
        this.spelling = spelling;
        this.source = source;
    }

    /** A map that reads {@code source} when asked, valid for as long as the source is (a request being served). */
    public static HeaderMap lazy(HeaderSource source) {
        return new HeaderMap(null, null, source);
    }

    /** This map, or, for a lazy one, a copy of its fields that no longer reads the source. */
    public HeaderMap settled() {
        if (source == null) {
            return this;
        }
        HeaderMap copy = copied;
        if (copy == null) {
            Builder all = builder();
            source.forEach(all::add);
            copy = all.build();
            copied = copy;
        }
        return copy;
    }

    public static HeaderMap empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Convenience for tests: name, value, name, value, ... */
    public static HeaderMap of(String... nameValues) {
        if (nameValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        Builder b = builder();
        for (int i = 0; i < nameValues.length; i += 2) {
            b.add(nameValues[i], nameValues[i + 1]);
        }
        return b.build();
    }

    public boolean contains(String name) {
        if (source != null) {
            return source.first(name) != null;
        }
        return values.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether a field of any of these names is present (for a lazy map, one pass over the request's names).
     *
     * @param lowerNames lower-case names
     */
    public boolean containsAny(Set<String> lowerNames) {
        if (source != null) {
            return source.containsAny(lowerNames);
        }
        for (String name : lowerNames) {
            if (values.containsKey(name)) {
                return true;
            }
        }
        return false;
    }

    /** The first value, if any. */
    public Optional<String> first(String name) {
        if (source != null) {
            return Optional.ofNullable(source.first(name));
        }
        List<String> v = values.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    public List<String> all(String name) {
        if (source != null) {
            return source.values(name);
        }
        return values.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** All field values of a name joined as one list value, as RFC 9110 §5.3 allows for list-based fields. */
    public Optional<String> joined(String name) {
        List<String> v = all(name);
        return v.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", v));
    }

    /** Lower-case names present. */
    public Set<String> names() {
        return settled().values.keySet();
    }

    /**
     * Every field line, name by name in the order of {@link #names}, each name's values in arrival order. Made once
     * per map (a race makes the same lines twice; the list is immutable, so a reader on another thread sees it whole).
     */
    public List<Line> lines() {
        HeaderMap all = settled();
        List<Line> made = all.lines;
        if (made == null) {
            List<Line> list = new ArrayList<>();
            all.values.forEach((name, vs) -> {
                String spelled = all.spelling.getOrDefault(name, name);
                for (int i = 0; i < vs.size(); i++) {
                    list.add(new Line(name, spelled, vs.get(i), i == 0));
                }
            });
            made = List.copyOf(list);
            all.lines = made;
        }
        return made;
    }

    /** The name as it was first spelled. */
    public String spelling(String lowerName) {
        return settled().spelling.getOrDefault(lowerName, lowerName);
    }

    public boolean isEmpty() {
        return settled().values.isEmpty();
    }

    public Builder toBuilder() {
        HeaderMap all = settled();
        Builder b = builder();
        all.values.forEach((name, vs) -> vs.forEach(v -> b.add(all.spelling(name), v)));
        return b;
    }

    @Override
    public String toString() {
        return settled().values.toString();
    }

    /** Collects fields; names compare without case. */
    public static final class Builder {
        private final Map<String, List<String>> values = new LinkedHashMap<>();
        private final Map<String, String> spelling = new LinkedHashMap<>();

        public Builder add(String name, String value) {
            String lower = name.toLowerCase(Locale.ROOT);
            spelling.putIfAbsent(lower, name);
            values.computeIfAbsent(lower, k -> new ArrayList<>(1)).add(value == null ? "" : value);
            return this;
        }

        public Builder set(String name, String value) {
            remove(name);
            return add(name, value);
        }

        public Builder remove(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            values.remove(lower);
            spelling.remove(lower);
            return this;
        }

        public HeaderMap build() {
            if (values.isEmpty()) {
                return EMPTY;
            }
            Map<String, List<String>> copy = new LinkedHashMap<>();
            values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            return new HeaderMap(Collections.unmodifiableMap(copy), Collections.unmodifiableMap(new LinkedHashMap<>(spelling)),
                    null);
        }
    }
}
