package io.outputcache.internal.engine;

import io.outputcache.internal.key.CacheKey;

/**
 * Where a page is stored: live pages under {@code p:}, pages stored by shadow mode under {@code s:}, so that an
 * entry shadow mode wrote is never served live (switching a rule live starts from an empty cache, not from pages
 * that were never checked by the live pipeline's readers).
 */
enum PageSpace {
    LIVE("p:"), SHADOW("s:");

    private final String prefix;

    PageSpace(String prefix) {
        this.prefix = prefix;
    }

    String of(CacheKey key) {
        return this == LIVE ? key.pageKey() : prefix + key.hash(); // the live key is made once per hot page
    }

    /** The store key of the page stored for a canonical key (a primary or a secondary, variant key). */
    String ofCanonical(String canonicalKey) {
        return prefix + CacheKey.sha256(canonicalKey);
    }
}
