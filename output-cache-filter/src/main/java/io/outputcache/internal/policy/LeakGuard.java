package io.outputcache.internal.policy;

import io.outputcache.CacheMode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Looks for values that belong to one user (session id, principal name, CSRF token, per-user cookies) in a body
 * about to be stored for everyone. Pure: the caller collects the values from the request.
 *
 * <p>Matching is ASCII case-insensitive (a page may capitalise a user name) and also tries the HTML-escaped form
 * of a value. Where a value begins or ends with a letter or digit, the match must not continue into another
 * letter or digit on that side: the name {@code anna} is not found in {@code annals}. Values shorter than the
 * minimum length are skipped, because short strings occur in ordinary pages by chance and would refuse pages
 * at random; the cost of a skipped value is that a page echoing a very short user name is not caught.
 *
 * <p>The page's ASCII letters are folded to lower case once (one copy of the body), then each value is found with the JDK's
 * vectorised {@code String.indexOf}: linear in the body size.
 */
public final class LeakGuard {

    /** One value of this request's user and what it is ("session id", "cookie JSESSIONID", "principal", ...). */
    public record Secret(String kind, String value) {
    }

    /** What the guard does with a body in a content coding it cannot read (br, zstd, deflate, broken gzip). */
    public enum Unreadable {
        /** Store nothing: the guard cannot vouch for the body. */
        REFUSE,
        /** Let the store decision stand, and count the body as not inspected. */
        SKIP
    }

    /**
     * A body the guard cannot read, that the store decision would store. HTTP mode: {@link Unreadable#SKIP}. The
     * origin marked the response storable by a shared cache and chose its coding; an HTTP cache stores what it was
     * given without decoding it (RFC 9110 §8.4.1, RFC 9111 §3), as it replays the origin's {@code Set-Cookie}, and
     * refusing would make every such page a miss. The skip is counted so an operator sees how many stored pages went
     * unchecked, and an origin that wants them checked can send them in identity or gzip. Output mode:
     * {@link Unreadable#REFUSE} (it refuses coded bodies before this, so it is a second line only).
     */
    public static Unreadable whenUnreadable(CacheMode mode) {
        return mode == CacheMode.HTTP ? Unreadable.SKIP : Unreadable.REFUSE;
    }

    private final int minLength;

    public LeakGuard(int minLength) {
        if (minLength < 1) {
            throw new IllegalArgumentException("minLength must be at least 1 but was " + minLength);
        }
        this.minLength = minLength;
    }

    /** The kind of the first secret found in the body, if any; never the value itself. */
    public Optional<String> find(byte[] body, Collection<Secret> secrets) {
        String haystack = null;
        for (Secret secret : secrets) {
            String value = secret.value();
            if (value == null || value.length() < minLength || value.isBlank()) {
                continue;
            }
            if (haystack == null) {
                haystack = fold(body); // once per page, and only when there is something to look for
            }
            for (String needle : forms(value)) {
                if (contains(haystack, needle)) {
                    return Optional.of(secret.kind());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The bytes as a Latin-1 string (one char per byte, whatever the page's charset), lower-cased. The needles
     * go through the same mapping, so a match here is a byte match ignoring case; the JDK's Latin-1
     * {@code indexOf} is vectorised, which makes the scan a fraction of a nanosecond per byte.
     */
    static String fold(byte[] bytes) {
        byte[] folded = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            // ASCII letters only: non-ASCII bytes are parts of UTF-8 sequences and stay as they are.
            folded[i] = (byte) (b >= 'A' && b <= 'Z' ? b | 0x20 : b);
        }
        return new String(folded, StandardCharsets.ISO_8859_1);
    }

    /** The value as UTF-8, and its HTML-escaped form when that differs (templates escape what they print). */
    static List<String> forms(String value) {
        List<String> forms = new ArrayList<>(2);
        forms.add(fold(value.getBytes(StandardCharsets.UTF_8)));
        String escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
        if (!escaped.equals(value)) {
            forms.add(fold(escaped.getBytes(StandardCharsets.UTF_8)));
        }
        return forms;
    }

    /** Whether the needle occurs in the haystack (both folded) on word edges where the needle has them. */
    static boolean contains(String haystack, String needle) {
        int n = needle.length();
        if (n == 0) {
            return false;
        }
        boolean edgeBefore = isWordChar(needle.charAt(0));
        boolean edgeAfter = isWordChar(needle.charAt(n - 1));
        int at = haystack.indexOf(needle);
        while (at >= 0) {
            boolean startsClean = !edgeBefore || at == 0 || !isWordChar(haystack.charAt(at - 1));
            boolean endsClean = !edgeAfter || at + n == haystack.length() || !isWordChar(haystack.charAt(at + n));
            if (startsClean && endsClean) {
                return true;
            }
            at = haystack.indexOf(needle, at + 1);
        }
        return false;
    }

    private static boolean isWordChar(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
