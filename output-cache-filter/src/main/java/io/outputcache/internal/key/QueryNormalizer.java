package io.outputcache.internal.key;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The canonical form of a query string for keys: parameters decoded ({@code +} is a space, as servlet
 * containers read it) and re-encoded one way, ignored parameters dropped (or only allowed ones kept), then
 * sorted by name. Parameters of the same name keep their relative order, because applications read
 * {@code getParameterValues} in order. A malformed escape makes the whole query unusable for a key.
 */
public final class QueryNormalizer {
    private final List<Pattern> ignored;
    private final Optional<List<Pattern>> allowed;
    /**
     * The canonical forms of recent queries ({@code null}: refused): a hit on a hot URL sends the same query. One
     * per rule, so fewer slots than the shared memos (under 200 KiB each when full).
     */
    private final TextMemo<String> recent = new TextMemo<>(raw -> canonical(raw).orElse(null), 256);

    public QueryNormalizer(List<String> ignoredGlobs, Optional<List<String>> allowedGlobs) {
        this.ignored = ignoredGlobs.stream().map(QueryNormalizer::glob).toList();
        this.allowed = allowedGlobs.map(globs -> globs.stream().map(QueryNormalizer::glob).toList());
    }

    /** The canonical query ("" when nothing is left), or empty when the query cannot be decoded. */
    public Optional<String> normalize(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Optional.of("");
        }
        return Optional.ofNullable(recent.apply(rawQuery));
    }

    private Optional<String> canonical(String rawQuery) {
        record Param(String name, String canonical) {
        }
        List<Param> params = new ArrayList<>();
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            byte[] name = decode(eq < 0 ? pair : pair.substring(0, eq));
            byte[] value = eq < 0 ? null : decode(pair.substring(eq + 1));
            if (name == null || (eq >= 0 && value == null)) {
                return Optional.empty();
            }
            String readableName = new String(name, StandardCharsets.UTF_8);
            if (!kept(readableName)) {
                continue;
            }
            String canonical = encode(name) + (value == null ? "" : "=" + encode(value));
            params.add(new Param(encode(name), canonical));
        }
        params.sort(Comparator.comparing(Param::name)); // List.sort is stable: same-name values keep their order
        StringBuilder out = new StringBuilder();
        for (Param p : params) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(p.canonical());
        }
        return Optional.of(out.toString());
    }

    private boolean kept(String name) {
        if (allowed.isPresent()) {
            return allowed.get().stream().anyMatch(p -> p.matcher(name).matches());
        }
        return ignored.stream().noneMatch(p -> p.matcher(name).matches());
    }

    static Pattern glob(String glob) {
        StringJoiner re = new StringJoiner(".*");
        for (String part : glob.split("\\*", -1)) {
            re.add(part.isEmpty() ? "" : Pattern.quote(part));
        }
        return Pattern.compile(re.toString());
    }

    private static byte[] decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                int cp = s.codePointAt(i);
                byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(utf8, 0, utf8.length);
                i += Character.charCount(cp) - 1;
            }
        }
        return out.toByteArray();
    }

    private static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        for (byte value : bytes) {
            int b = value & 0xff;
            if (PathNormalizer.isUnreserved(b)) {
                out.append((char) b);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
