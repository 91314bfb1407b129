package io.outputcache.internal.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/**
 * A page's identity. {@code canonical} is the unambiguous text of every keyed part and is stored inside the
 * entry to detect hash collisions and foreign values; {@code hash} names the entry in the store;
 * {@code pathTag} is shared by every variant of the same path and query, so one invalidation removes them all.
 * The path tag is another SHA-256, needed only when a page is stored, so it is computed then (a hit never does).
 */
public final class CacheKey {
    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The digests of the canonical texts of recent keys (a hit keys the same text again), and their page keys. */
    private static final TextMemo<Names> NAMES = new TextMemo<>(canonical -> new Names(sha256(canonical)));

    /**
     * A digest and the page key made of it: one string per hot page, so the near cache's lookup reuses its hash
     * code instead of hashing a fresh concatenation on every hit.
     */
    private record Names(String hash, String pageKey) {
        Names(String hash) {
            this(hash, "p:" + hash);
        }
    }

    private final String canonical;
    private final String hash;
    private final String pageKey;
    private final String pathAndQuery;
    /** Computed on first use; a race computes the same text twice. */
    private String pathTag;

    private CacheKey(String canonical, Names names, String pathAndQuery, String pathTag) {
        this.canonical = canonical;
        this.hash = names.hash();
        this.pageKey = names.pageKey();
        this.pathAndQuery = pathAndQuery;
        this.pathTag = pathTag;
    }

    public static CacheKey of(String canonical, String pathAndQuery) {
        return new CacheKey(canonical, NAMES.apply(canonical), pathAndQuery, null);
    }

    /** Another key for the same path and query (a variant of {@code primary}): its path tag is the primary's. */
    public static CacheKey variant(String canonical, CacheKey primary) {
        return new CacheKey(canonical, NAMES.apply(canonical), primary.pathAndQuery, primary.pathTag);
    }

    /** The tag every page stored for this path-and-query carries, whatever its host or vary values. */
    public static String pathTag(String pathAndQuery) {
        return "path:" + sha256(pathAndQuery);
    }

    public String canonical() {
        return canonical;
    }

    public String hash() {
        return hash;
    }

    /** The tag every variant of this key's path and query is stored under. */
    public String pathTag() {
        String tag = pathTag;
        if (tag == null) {
            tag = pathTag(pathAndQuery);
            pathTag = tag;
        }
        return tag;
    }

    /** Store key of the page entry. */
    public String pageKey() {
        return pageKey;
    }

    /** Store key of the render lease for this page. */
    public String leaseKey() {
        return "l:" + hash;
    }

    /**
     * SHA-256, base64url without padding: 43 characters, safe in Redis keys and logs. Every key of every request
     * hashes once: a clone of one digest costs less than asking the providers for a new one each time.
     */
    public static String sha256(String text) {
        MessageDigest digest;
        try {
            digest = (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            digest = fresh(); // a provider whose digest does not clone
        }
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest fresh() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheKey other && canonical.equals(other.canonical) && hash.equals(other.hash)
                && pathAndQuery.equals(other.pathAndQuery);
    }

    @Override
    public int hashCode() {
        return Objects.hash(canonical, hash, pathAndQuery);
    }

    @Override
    public String toString() {
        return "CacheKey[" + canonical + "]";
    }
}
