package io.outputcache.internal.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A page's identity. {@code canonical} is the unambiguous text of every keyed part and is stored inside the
 * entry to detect hash collisions and foreign values; {@code hash} names the entry in the store;
 * {@code pathTag} is shared by every variant of the same path and query, so one invalidation removes them all.
 */
public record CacheKey(String canonical, String hash, String pathTag) {

    public static CacheKey of(String canonical, String pathAndQuery) {
        return new CacheKey(canonical, sha256(canonical), pathTag(pathAndQuery));
    }

    /** The tag every page stored for this path-and-query carries, whatever its host or vary values. */
    public static String pathTag(String pathAndQuery) {
        return "path:" + sha256(pathAndQuery);
    }

    /** Store key of the page entry. */
    public String pageKey() {
        return "p:" + hash;
    }

    /** Store key of the render lease for this page. */
    public String leaseKey() {
        return "l:" + hash;
    }

    /** SHA-256, base64url without padding: 43 characters, safe in Redis keys and logs. */
    public static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
