package io.outputcache.internal.entry;

/**
 * Pages already decoded from store values, so that a value read again (a near cache's copy) is not decoded again.
 * A memo answers only for the very array it decoded (the same instance, not equal bytes), so that what it recalls
 * can never belong to other bytes than the ones just read, and lives no longer than they are kept.
 */
@FunctionalInterface
public interface DecodedMemo {
    /** No memo: every value read is decoded. */
    DecodedMemo NONE = (storeKey, value) -> null;

    /**
     * The page decoded from exactly {@code value} (the same array) as kept under {@code storeKey}, or {@code null}.
     * The caller still checks that the page was written for the key it asked for.
     */
    CachedPage recall(String storeKey, byte[] value);
}
