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
 */
public final class HeaderMap {
    private static final HeaderMap EMPTY = new HeaderMap(Map.of(), Map.of());

    /** Lower-case name to values. */
    private final Map<String, List<String>> values;
    /** Lower-case name to the name as first seen (for writing headers back). */
    private final Map<String, String> spelling;

    private HeaderMap(Map<String, List<String>> values, Map<String, String> spelling) {
        this.values = values;
        this.spelling = spelling;
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
        return values.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** The first value, if any. */
    public Optional<String> first(String name) {
        List<String> v = values.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    public List<String> all(String name) {
        return values.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** All field values of a name joined as one list value, as RFC 9110 §5.3 allows for list-based fields. */
    public Optional<String> joined(String name) {
        List<String> v = all(name);
        return v.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", v));
    }

    /** Lower-case names present. */
    public Set<String> names() {
        return values.keySet();
    }

    /** The name as it was first spelled. */
    public String spelling(String lowerName) {
        return spelling.getOrDefault(lowerName, lowerName);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public Builder toBuilder() {
        Builder b = builder();
        values.forEach((name, vs) -> vs.forEach(v -> b.add(spelling(name), v)));
        return b;
    }

    @Override
    public String toString() {
        return values.toString();
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
            return new HeaderMap(Collections.unmodifiableMap(copy), Collections.unmodifiableMap(new LinkedHashMap<>(spelling)));
        }
    }
}
