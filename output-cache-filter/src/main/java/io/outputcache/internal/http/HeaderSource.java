package io.outputcache.internal.http;

import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The fields a {@link HeaderMap#lazy lazy} header map reads on demand: the request it stands for, asked one name at
 * a time. A hit asks about a handful of names (the vary fields, cache directives, override fields), most of them
 * absent, so asking the container costs less than copying every field the client sent into a map first.
 */
public interface HeaderSource {

    /** Every value of the field {@code name} (compared without case), in the order they arrived; empty when absent. */
    List<String> values(String name);

    /** The first value of the field {@code name}, or {@code null} when absent. */
    default String first(String name) {
        List<String> values = values(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * Whether a field of any of these names is present: one pass over the names the request carries, where
     * asking for each name in turn would scan every field once per name.
     *
     * @param lowerNames lower-case names
     */
    boolean containsAny(Set<String> lowerNames);

    /** Hands every field to {@code field} as (name as spelled, value), in arrival order. */
    void forEach(BiConsumer<String, String> field);
}
