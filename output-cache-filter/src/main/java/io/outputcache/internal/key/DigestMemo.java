package io.outputcache.internal.key;

import java.util.function.UnaryOperator;

/**
 * The digests of recently keyed texts, so that a hit on a hot page does not hash its canonical key again (a
 * SHA-256 and its base64 text were 6% of a near-cache hit). Direct-mapped and lock-free: each text has one slot,
 * chosen by its hash code, that the next text falling there replaces; a lookup compares the whole text, so a slot
 * only ever answers for the text it holds. Bounded: {@value #SLOTS} slots of texts up to {@value #MAX_TEXT}
 * characters (longer ones are hashed every time), under 1.5 MiB when full.
 */
final class DigestMemo {
    static final int SLOTS = 2048;
    static final int MAX_TEXT = 512;

    /** A slot's pair, immutable, so a reader sees either the old pair or the new one, never half of each. */
    private record Slot(String text, String digest) {
    }

    private final Slot[] slots = new Slot[SLOTS];
    private final UnaryOperator<String> hash;

    DigestMemo(UnaryOperator<String> hash) {
        this.hash = hash;
    }

    String digest(String text) {
        if (text.length() > MAX_TEXT) {
            return hash.apply(text);
        }
        int index = spread(text.hashCode()) & (SLOTS - 1);
        Slot slot = slots[index];
        if (slot != null && slot.text.equals(text)) {
            return slot.digest;
        }
        String digest = hash.apply(text);
        slots[index] = new Slot(text, digest);
        return digest;
    }

    /** Keys that differ in their last characters differ in the low bits too. */
    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
