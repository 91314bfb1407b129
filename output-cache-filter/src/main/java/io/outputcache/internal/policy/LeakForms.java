package io.outputcache.internal.policy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The spellings a page may give one of its user's values: as it is, HTML-escaped (templates escape what they
 * print), URL-encoded (a value in a link or a form-encoded redirect: {@code +} or {@code %20} for a space) and
 * JSON-escaped (a value in an inline script or a JSON body: the minimal escaping, with {@code \/}, and the
 * <code>&#92;u00xx</code> escaping Gson and others apply to {@code < > & = '} and to non-ASCII characters).
 * Only spellings that differ are returned, so a token of letters, digits and {@code -} is one needle. Pure.
 */
final class LeakForms {
    private LeakForms() {
    }

    static Set<String> of(String value) {
        Set<String> forms = new LinkedHashSet<>(8);
        forms.add(value);
        forms.add(html(value));
        String form = URLEncoder.encode(value, StandardCharsets.UTF_8); // application/x-www-form-urlencoded
        forms.add(form);
        forms.add(form.replace("+", "%20")); // RFC 3986 percent-encoding: a literal '+' is already %2B
        String json = json(value, false);
        forms.add(json);
        forms.add(json.replace("/", "\\/"));
        forms.add(json(value, true));
        return forms;
    }

    static String html(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
    }

    /** A JSON string's content (RFC 8259 §7); {@code ascii}: {@code < > & = '} and non-ASCII as escapes too. */
    static String json(String value, boolean ascii) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    boolean escape = c < 0x20 || (ascii && (c > 0x7e || "<>&='".indexOf(c) >= 0));
                    if (escape) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
