package io.outputcache.internal.policy;

import io.outputcache.CacheMode;
import io.outputcache.internal.http.HeaderMap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Looks for values that belong to one user (session id, principal name, CSRF token, per-user cookies) in a body
 * about to be stored for everyone. Pure: the caller collects the values from the request.
 *
 * <p>Matching is ASCII case-insensitive (a page may capitalise a user name) and also tries the HTML-escaped,
 * URL-encoded and JSON-escaped forms of a value ({@link LeakForms}), in the body and in the header fields that
 * would be stored with it. Where a value begins or ends with a letter or digit, the match must not continue into
 * another letter or digit on that side: the name {@code anna} is not found in {@code annals}. Values shorter than the
 * minimum length are skipped, because short strings occur in ordinary pages by chance and would refuse pages
 * at random; the cost of a skipped value is that a page echoing a very short user name is not caught.
 *
 * <p>The spellings of the request's values are built once per request ({@link Needles}); the page's ASCII
 * letters are folded to lower case once (one copy of the body, never decoded), then each needle is found with the
 * JDK's vectorised {@code String.indexOf}: linear in the body size times the number of needles.
 */
public final class LeakGuard {

    /** One value of this request's user and what it is ("session id", "cookie JSESSIONID", "principal", ...). */
    public record Secret(String kind, String value) {
        /** The kind only: a secret's text must not reach a log or a page by way of {@code toString}. */
        @Override
        public String toString() {
            return "Secret[" + kind + "]";
        }
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

    /**
     * Where a value was found among the header fields that would be stored.
     *
     * @param kind  what the value is ({@code session id}, {@code principal}, ...), never the value itself
     * @param field the lower-case name of the response field that carries it
     */
    public record Leak(String kind, String field) {
    }

    /**
     * Every spelling ({@link LeakForms}) of this request's values, folded and ready to search: built once per
     * request, then run over the body and over each stored header field.
     */
    public static final class Needles {
        private final List<Needle> list;

        private Needles(List<Needle> list) {
            this.list = List.copyOf(list);
        }

        public boolean isEmpty() {
            return list.isEmpty();
        }

        /** How many spellings are searched for (a test and benchmark figure). */
        public int size() {
            return list.size();
        }
    }

    private record Needle(String kind, String folded) {
    }

    /** The needles of these values; values shorter than the minimum length, blank or missing are left out. */
    public Needles needles(Collection<Secret> secrets) {
        List<Needle> list = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Secret secret : secrets) {
            String value = secret.value();
            if (value == null || value.length() < minLength || value.isBlank()) {
                continue;
            }
            for (String form : LeakForms.of(value)) {
                String folded = fold(form.getBytes(StandardCharsets.UTF_8));
                if (seen.add(folded)) {
                    list.add(new Needle(secret.kind(), folded));
                }
            }
        }
        return new Needles(list);
    }

    /** The kind of the first secret found in the body, if any; never the value itself. */
    public Optional<String> find(byte[] body, Collection<Secret> secrets) {
        return find(body, needles(secrets));
    }

    /** As {@link #find(byte[], Collection)} with needles built before: the body is folded once, then searched. */
    public Optional<String> find(byte[] body, Needles needles) {
        if (needles.isEmpty() || body.length == 0) {
            return Optional.empty();
        }
        return first(fold(body), needles);
    }

    /**
     * The first value found in the header fields that would be stored with the page (a per-user
     * {@code X-CSRF-TOKEN}, a user-id field, a CSP nonce that is the CSRF token, a {@code Location} with the
     * session id), if any. Field names are not searched: they are the application's vocabulary, not its user's.
     */
    public Optional<Leak> findInHeaders(HeaderMap stored, Needles needles) {
        if (needles.isEmpty()) {
            return Optional.empty();
        }
        for (String name : stored.names()) {
            for (String value : stored.all(name)) {
                if (value.length() < minLength) {
                    continue; // shorter than every needle
                }
                Optional<String> kind = first(fold(value.getBytes(StandardCharsets.UTF_8)), needles);
                if (kind.isPresent()) {
                    return Optional.of(new Leak(kind.get(), name));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> first(String haystack, Needles needles) {
        for (Needle needle : needles.list) {
            if (contains(haystack, needle.folded())) {
                return Optional.of(needle.kind());
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
