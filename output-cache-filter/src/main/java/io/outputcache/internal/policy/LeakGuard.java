package io.outputcache.internal.policy;

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
 * <p>The search is a single forward scan per value with a first-byte filter: linear in the body size, with no
 * allocation beyond the value's bytes.
 */
public final class LeakGuard {

    /** One value of this request's user and what it is ("session id", "cookie JSESSIONID", "principal", ...). */
    public record Secret(String kind, String value) {
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
        for (Secret secret : secrets) {
            String value = secret.value();
            if (value == null || value.length() < minLength || value.isBlank()) {
                continue;
            }
            for (byte[] needle : forms(value)) {
                if (contains(body, needle)) {
                    return Optional.of(secret.kind());
                }
            }
        }
        return Optional.empty();
    }

    /** The value as UTF-8, and its HTML-escaped form when that differs (templates escape what they print). */
    static List<byte[]> forms(String value) {
        List<byte[]> forms = new ArrayList<>(2);
        forms.add(lower(value.getBytes(StandardCharsets.UTF_8)));
        String escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
        if (!escaped.equals(value)) {
            forms.add(lower(escaped.getBytes(StandardCharsets.UTF_8)));
        }
        return forms;
    }

    /** Whether {@code needle} (lower-case ASCII) occurs in {@code body}, ignoring ASCII case, on word edges. */
    static boolean contains(byte[] body, byte[] needle) {
        int n = needle.length;
        if (n == 0) {
            return false;
        }
        byte first = needle[0];
        byte firstUpper = upper(first);
        boolean edgeBefore = isWordByte(first);
        boolean edgeAfter = isWordByte(needle[n - 1]);
        for (int i = 0, last = body.length - n; i <= last; i++) {
            byte b = body[i];
            if (b != first && b != firstUpper) {
                continue;
            }
            int j = 1;
            while (j < n && lower(body[i + j]) == needle[j]) {
                j++;
            }
            if (j < n) {
                continue;
            }
            if (edgeBefore && i > 0 && isWordByte(body[i - 1])) {
                continue;
            }
            if (edgeAfter && i + n < body.length && isWordByte(body[i + n])) {
                continue;
            }
            return true;
        }
        return false;
    }

    private static boolean isWordByte(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    private static byte upper(byte b) {
        return b >= 'a' && b <= 'z' ? (byte) (b - 32) : b;
    }

    private static byte[] lower(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = lower(bytes[i]);
        }
        return bytes;
    }
}
