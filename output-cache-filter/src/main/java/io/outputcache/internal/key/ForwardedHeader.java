package io.outputcache.internal.key;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What of a {@code Forwarded} field (RFC 7239) goes into a key: the {@code host=} and {@code proto=} parameters
 * of each element, which change the URL the application believes it serves (as {@code X-Forwarded-Host} and
 * {@code X-Forwarded-Proto} do), and never {@code for=} or {@code by=}, which name the client and the proxy: keyed,
 * a proxy that adds {@code for=} would give every client address its own entry. Pure.
 *
 * <p>A value that does not parse (a parameter without {@code =}, an unclosed quoted string) is keyed whole, as
 * before: a container's parser might read a {@code host} out of it that this one cannot see, and a forged value
 * must then reach only its own entry.
 */
public final class ForwardedHeader {
    private ForwardedHeader() {
    }

    /**
     * The keyed part of the field's lines ({@code host=a.example;proto=https}, elements joined by {@code ,}), or
     * empty when no element has {@code host} or {@code proto} (the request is keyed as if the field were absent).
     */
    public static Optional<String> keyedPart(List<String> lines) {
        String value = String.join(",", lines);
        Optional<List<List<String[]>>> elements = parse(value);
        if (elements.isEmpty()) {
            return Optional.of(value); // unparseable: keyed whole
        }
        // Elements with neither are left out: they only say who forwarded, and their number is the client's choice.
        StringBuilder out = new StringBuilder();
        for (List<String[]> element : elements.get()) {
            StringBuilder kept = new StringBuilder();
            for (String[] pair : element) {
                if (pair[0].equals("host") || pair[0].equals("proto")) {
                    // Both are case-insensitive (RFC 7239 §5.3, §5.4).
                    kept.append(kept.isEmpty() ? "" : ";").append(pair[0]).append('=')
                            .append(pair[1].toLowerCase(Locale.ROOT));
                }
            }
            if (!kept.isEmpty()) {
                out.append(out.isEmpty() ? "" : ",").append(kept);
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out.toString());
    }

    /**
     * {@code Forwarded = 1#forwarded-element}, {@code forwarded-element = [pair] *( ";" [pair] )},
     * {@code pair = token "=" ( token / quoted-string )} (RFC 7239 §4): each element's pairs as lower-case
     * name and unquoted value, or empty when the text is not that.
     */
    static Optional<List<List<String[]>>> parse(String value) {
        List<List<String[]>> elements = new ArrayList<>();
        List<String[]> element = new ArrayList<>();
        int i = 0;
        int n = value.length();
        while (true) {
            i = skipSpace(value, i);
            if (i < n && value.charAt(i) != ';' && value.charAt(i) != ',') {
                int nameStart = i;
                while (i < n && isTokenChar(value.charAt(i))) {
                    i++;
                }
                if (i == nameStart || i >= n || value.charAt(i) != '=') {
                    return Optional.empty();
                }
                String name = value.substring(nameStart, i).toLowerCase(Locale.ROOT);
                i++;
                StringBuilder v = new StringBuilder();
                if (i < n && value.charAt(i) == '"') {
                    i++;
                    while (i < n && value.charAt(i) != '"') {
                        if (value.charAt(i) == '\\') {
                            i++;
                            if (i >= n) {
                                return Optional.empty();
                            }
                        }
                        v.append(value.charAt(i++));
                    }
                    if (i >= n) {
                        return Optional.empty(); // unclosed quoted string
                    }
                    i++;
                } else {
                    int valueStart = i;
                    while (i < n && isTokenChar(value.charAt(i))) {
                        i++;
                    }
                    if (i == valueStart) {
                        return Optional.empty();
                    }
                    v.append(value, valueStart, i);
                }
                element.add(new String[] {name, v.toString()});
                i = skipSpace(value, i);
            }
            if (i >= n) {
                elements.add(element);
                return Optional.of(elements);
            }
            char c = value.charAt(i++);
            if (c == ',') {
                elements.add(element);
                element = new ArrayList<>();
            } else if (c != ';') {
                return Optional.empty();
            }
        }
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** RFC 9110 §5.6.2 tchar. */
    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
