package io.outputcache.internal.fragment;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The marker a hole leaves in a stored page or fragment, {@code <!--oc:hole:NAME-->}, and the scan that finds and
 * replaces markers. An HTML comment so that a marker that somehow reached a browser shows nothing; escaped
 * template output ({@code th:text}) cannot produce one because it escapes {@code <}.
 */
public final class HoleMarkers {
    private static final String OPEN = "<!--oc:hole:";
    private static final String CLOSE = "-->";
    private static final byte[] OPEN_BYTES = OPEN.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE_BYTES = CLOSE.getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_NAME = 64;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_NAME + "}");

    private HoleMarkers() {
    }

    /** Checks a hole name; the message names the option. */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("hole name must be 1-" + MAX_NAME
                    + " letters, digits, '.', '_' or '-' but was '" + name + "'");
        }
        return name;
    }

    public static String marker(String name) {
        return OPEN + checkName(name) + CLOSE;
    }

    /** The result of filling: the new body and the text put in each hole, in order (for the ETag). */
    public record Filled(byte[] body, List<String> fills) {
    }

    /** Names of the holes marked in UTF-8 bytes. */
    public static Set<String> names(byte[] body) {
        Set<String> names = new LinkedHashSet<>();
        int from = 0;
        while (true) {
            int at = indexOf(body, OPEN_BYTES, from);
            if (at < 0) {
                return names;
            }
            int start = at + OPEN_BYTES.length;
            int nameEnd = nameEnd(body, start);
            if (nameEnd > 0) {
                names.add(new String(body, start, nameEnd - start, StandardCharsets.US_ASCII));
                from = nameEnd + CLOSE_BYTES.length;
            } else {
                from = start;
            }
        }
    }

    /**
     * Replaces every marker in UTF-8 bytes with what {@code fill} returns for its name (as UTF-8). Bytes that
     * merely look like a marker but are not well formed are copied unchanged.
     */
    public static Filled fill(byte[] body, Function<String, String> fill) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 256);
        List<String> fills = new ArrayList<>();
        int copied = 0;
        int from = 0;
        while (true) {
            int at = indexOf(body, OPEN_BYTES, from);
            if (at < 0) {
                break;
            }
            int start = at + OPEN_BYTES.length;
            int nameEnd = nameEnd(body, start);
            if (nameEnd < 0) {
                from = start;
                continue;
            }
            String name = new String(body, start, nameEnd - start, StandardCharsets.US_ASCII);
            String text = fill.apply(name);
            fills.add(text);
            out.write(body, copied, at - copied);
            out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            copied = nameEnd + CLOSE_BYTES.length;
            from = copied;
        }
        if (copied == 0) {
            return new Filled(body, fills);
        }
        out.write(body, copied, body.length - copied);
        return new Filled(out.toByteArray(), fills);
    }

    /** Replaces every marker in a string (a fragment's HTML) with what {@code fill} returns for its name. */
    public static String fill(String html, Function<String, String> fill) {
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        while (true) {
            int at = html.indexOf(OPEN, from);
            if (at < 0) {
                break;
            }
            int start = at + OPEN.length();
            int end = html.indexOf(CLOSE, start);
            if (end < 0) {
                break;
            }
            String name = html.substring(start, end);
            if (!NAME.matcher(name).matches()) {
                from = start;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(html.length() + 64);
            }
            out.append(html, copied, at).append(fill.apply(name));
            copied = end + CLOSE.length();
            from = copied;
        }
        if (out == null) {
            return html;
        }
        return out.append(html, copied, html.length()).toString();
    }

    /** End index (exclusive) of a valid name starting at {@code start} that is followed by "-->", else -1. */
    private static int nameEnd(byte[] body, int start) {
        int limit = Math.min(body.length, start + MAX_NAME + 1);
        for (int i = start; i < limit; i++) {
            byte b = body[i];
            if (b == '-' && i + 2 < body.length && body[i + 1] == '-' && body[i + 2] == '>') {
                return i > start ? i : -1;
            }
            boolean ok = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || b == '.' || b == '_' || b == '-';
            if (!ok) {
                return -1;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        byte first = needle[0];
        int last = haystack.length - needle.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
