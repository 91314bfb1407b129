package io.outputcache.internal.key;

import java.util.function.Function;

/**
 * The results of a pure function of text for recently seen texts, so that a hit on a hot page does not compute
 * them again: the digest of its canonical key (a SHA-256 and its base64 text were 6% of a near-cache hit) and its
 * normalised path (asked three times per request) and query, the rule its path falls under, the gzip tag of a page's
 * entity-tag and whether a client's Accept-Encoding text takes gzip. Direct-mapped and lock-free: each text has one slot, chosen by
 * its hash code, that the next text falling there replaces; a lookup compares the whole text, so a slot only ever
 * answers for the text it holds. Bounded: {@value #SLOTS} slots of texts up to {@value #MAX_TEXT} characters
 * (longer ones are computed every time), under 1.5 MiB when full. A {@code null} result is remembered too.
 */
public final class TextMemo<V> {
    static final int SLOTS = 2048;
    static final int MAX_TEXT = 512;

    /** A slot's pair, immutable, so a reader sees either the old pair or the new one, never half of each. */
    private record Slot<V>(String text, V result) {
    }

    private final Slot<V>[] slots;
    private final Function<String, V> function;

    /** @param function pure: the same text always gives the same result */
    public TextMemo(Function<String, V> function) {
        this(function, SLOTS);
    }

    /**
     * A memo of {@code slots} slots (a power of two), for one of many instances (one per rule) whose bound adds up.
     *
     * @param function pure: the same text always gives the same result
     */
    @SuppressWarnings("unchecked")
    public TextMemo(Function<String, V> function, int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        this.function = function;
        this.slots = (Slot<V>[]) new Slot[slots];
    }

    /** {@code function}'s result for {@code text}, computed now or remembered from a recent call. */
    public V apply(String text) {
        if (text.length() > MAX_TEXT) {
            return function.apply(text);
        }
        int index = spread(text.hashCode()) & (slots.length - 1);
        Slot<V> slot = slots[index];
        if (slot != null && slot.text.equals(text)) {
            return slot.result;
        }
        V result = function.apply(text);
        slots[index] = new Slot<>(text, result);
        return result;
    }

    /** Keys that differ in their last characters differ in the low bits too. */
    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
