package io.outputcache.internal.key;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Turns a request path as sent into the one canonical form that keys and rules see (RFC 3986 §6.2.2):
 * percent-escapes of unreserved characters decoded, remaining escapes upper-cased, path parameters
 * ({@code ;jsessionid=...}) dropped as servlet containers drop them, dot-segments resolved.
 *
 * <p>A path whose meaning differs between parsers is refused rather than guessed at: encoded {@code /},
 * {@code \} or NUL, malformed escapes, control characters, and dot-segments that climb above the root. Such a
 * request bypasses the cache, so two differently-parsed paths can never share an entry (web cache deception).
 */
public final class PathNormalizer {
    private PathNormalizer() {
    }

    /** Recent paths' forms: a request asks three times (rules, key, guard), and hot pages come back. */
    private static final TextMemo<String> RECENT = new TextMemo<>(PathNormalizer::normalized);

    /** The canonical form of a path as sent, or empty when it must bypass (see the class comment). */
    public static Optional<String> normalize(String rawPath) {
        if (rawPath == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(RECENT.apply(rawPath));
    }

    /** The canonical form, or {@code null} when the path is refused. */
    private static String normalized(String rawPath) {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return null;
        }
        Deque<String> segments = new ArrayDeque<>();
        int start = 1;
        boolean trailingSlash = false;
        while (start <= rawPath.length()) {
            int end = rawPath.indexOf('/', start);
            if (end < 0) {
                end = rawPath.length();
            }
            String segment = rawPath.substring(start, end);
            int semicolon = segment.indexOf(';');
            if (semicolon >= 0) {
                segment = segment.substring(0, semicolon);
            }
            String decoded = decodeSegment(segment);
            if (decoded == null) {
                return null;
            }
            boolean last = end == rawPath.length();
            if (decoded.equals(".")) {
                trailingSlash = last;
            } else if (decoded.equals("..")) {
                if (segments.isEmpty()) {
                    return null;
                }
                segments.removeLast();
                trailingSlash = last;
            } else {
                if (!last || !decoded.isEmpty()) {
                    segments.addLast(decoded);
                }
                trailingSlash = last && decoded.isEmpty();
            }
            start = end + 1;
        }
        StringBuilder out = new StringBuilder(rawPath.length());
        for (String s : segments) {
            out.append('/').append(s);
        }
        if (out.length() == 0 || trailingSlash) {
            out.append('/');
        }
        return out.toString();
    }

    /** Decodes unreserved escapes, keeps the rest upper-cased; null when the segment is ambiguous or malformed. */
    private static String decodeSegment(String segment) {
        StringBuilder out = new StringBuilder(segment.length());
        byte[] bytes = segment.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b == '%') {
                if (i + 2 >= bytes.length) {
                    return null;
                }
                int hi = Character.digit(bytes[i + 1], 16);
                int lo = Character.digit(bytes[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                int decoded = hi * 16 + lo;
                if (decoded == '/' || decoded == '\\' || decoded < 0x20 || decoded == 0x7f) {
                    return null;
                }
                if (isUnreserved(decoded)) {
                    out.append((char) decoded);
                } else {
                    appendEscape(out, decoded);
                }
                i += 2;
            } else if (b < 0x21 || b == 0x7f || b == '\\') {
                return null;
            } else if (b >= 0x80) {
                appendEscape(out, b); // raw UTF-8 is keyed in its escaped form, the same as if the client had escaped it
            } else {
                out.append((char) b);
            }
        }
        return out.toString();
    }

    static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static void appendEscape(StringBuilder out, int b) {
        out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
    }
}
