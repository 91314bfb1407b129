package io.outputcache.internal.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Targeted cache control (RFC 9213): response fields that carry {@code Cache-Control} directives addressed to one
 * class of caches. This cache's <em>target list</em> is an ordered list of such field names, by default
 * {@code [CDN-Cache-Control]} (the filter is a shared cache run by the site itself, in the position of a CDN),
 * optionally preceded by a field of the site's own that no other cache reads.
 *
 * <p>§2.1: the first field of the list whose value is valid and non-empty replaces {@code Cache-Control} and
 * {@code Expires} for this cache; when none is, those apply as usual. Targeted fields are Dictionary Structured
 * Fields (RFC 8941 §3.2), so they are parsed as such: a value that is not a valid dictionary ({@code Max-Age=60}:
 * keys are lower-case) is as good as absent.
 *
 * <p>Which fields reach the client: {@code CDN-Cache-Control} is stored and passed on, as RFC 9213 §3 says a CDN
 * typically does (the site's own CDN, if it has one, sits downstream of this filter and is the cache the field is
 * really for; fields this cache does not target are passed on as §2.1 requires). The site's own field is stored
 * (later decisions on the stored copy read it) but {@link #isConsumed consumed}: addressed to this cache alone, it
 * is known to be used by nothing downstream, the case in which §3 allows a cache to remove it.
 */
public final class TargetedCacheControl {
    /** The targeted field for CDN caches, RFC 9213 §3. */
    public static final String CDN_CACHE_CONTROL = "CDN-Cache-Control";

    /** The default target list: {@code CDN-Cache-Control} only, passed on to clients. */
    public static final TargetedCacheControl DEFAULT = new TargetedCacheControl(List.of(CDN_CACHE_CONTROL), Set.of());

    /** Fields a targeted field must not be: they have their own meaning for this cache. */
    private static final Set<String> RESERVED = Set.of("cache-control", "expires", "pragma", "age", "surrogate-control",
            "vary", "date");

    private final List<String> names;
    /** Lower-case names of fields this cache reads and removes. */
    private final Set<String> consumed;

    private TargetedCacheControl(List<String> names, Set<String> consumed) {
        this.names = names;
        this.consumed = consumed;
    }

    /**
     * The target list {@code [ownField, CDN-Cache-Control]}: the site's own field first (it is the most specific),
     * consumed by this cache.
     *
     * @throws IllegalArgumentException naming the value, when it is not a field name or one with another meaning
     */
    public static TargetedCacheControl withOwnField(String ownField) {
        String name = checkName(ownField);
        if (name.equalsIgnoreCase(CDN_CACHE_CONTROL)) {
            throw new IllegalArgumentException("the targeted cache control field must be a field of the site's own, not "
                    + CDN_CACHE_CONTROL + " (which is always on the target list)");
        }
        return new TargetedCacheControl(List.of(name, CDN_CACHE_CONTROL), Set.of(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * Any target list, in order of preference.
     *
     * @param consumed the fields of the list that are removed from responses to clients
     */
    public static TargetedCacheControl of(List<String> names, Set<String> consumed) {
        Set<String> lower = new LinkedHashSet<>();
        List<String> checked = new ArrayList<>();
        for (String n : names) {
            String name = checkName(n);
            if (!lower.add(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("targeted cache control field '" + name + "' is listed twice");
            }
            checked.add(name);
        }
        Set<String> consumedLower = new LinkedHashSet<>();
        for (String c : consumed) {
            String l = c.toLowerCase(Locale.ROOT);
            if (!lower.contains(l)) {
                throw new IllegalArgumentException("consumed field '" + c + "' is not on the target list " + checked);
            }
            consumedLower.add(l);
        }
        return new TargetedCacheControl(List.copyOf(checked), Set.copyOf(consumedLower));
    }

    private static String checkName(String name) {
        if (name == null || name.isEmpty() || !name.chars().allMatch(TargetedCacheControl::isTchar)) {
            throw new IllegalArgumentException("a targeted cache control field name must be an HTTP field name"
                    + " (letters, digits, -) but was '" + name + "'");
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("'" + name + "' cannot be a targeted cache control field: it has its"
                    + " own meaning in HTTP caching");
        }
        return name;
    }

    /** The field names, most preferred first. */
    public List<String> names() {
        return names;
    }

    /** Whether a field (any case) is read by this cache only and must not be sent to clients. */
    public boolean isConsumed(String fieldName) {
        return consumed.contains(fieldName.toLowerCase(Locale.ROOT));
    }

    /** Lower-case names of the consumed fields. */
    public Set<String> consumed() {
        return consumed;
    }

    /** A targeted field that applies to a response, and its directives. */
    public record Selected(String fieldName, CacheControl directives) {
    }

    /**
     * The first field of the target list present on the response with a valid, non-empty value (RFC 9213 §2.1);
     * several lines of one field are one dictionary (RFC 8941 §4.2). Empty when none applies.
     */
    public Optional<Selected> select(HeaderMap headers) {
        for (String name : names) {
            Optional<String> value = headers.joined(name);
            if (value.isEmpty()) {
                continue;
            }
            Optional<CacheControl> parsed = parseDictionary(value.get());
            if (parsed.isPresent() && !parsed.get().isEmpty()) {
                return Optional.of(new Selected(name, parsed.get()));
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return names + (consumed.isEmpty() ? "" : " (consumed: " + consumed + ")");
    }

    /**
     * A Dictionary Structured Field (RFC 8941 §4.2.2) as cache directives (RFC 9213 §2): a Boolean true member is a
     * directive without argument, a false one is absent; Integers, Decimals and Tokens are the argument as written;
     * a String is the argument unquoted. Parameters are ignored. Empty when the value is not a valid dictionary.
     */
    static Optional<CacheControl> parseDictionary(String value) {
        SfParser p = new SfParser(value);
        Map<String, String> directives = new LinkedHashMap<>();
        Set<String> falseMembers = new LinkedHashSet<>();
        if (!p.dictionary(directives, falseMembers)) {
            return Optional.empty();
        }
        falseMembers.forEach(directives::remove);
        return Optional.of(CacheControl.ofDirectives(directives));
    }

    private static boolean isTchar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** The subset of RFC 8941 parsing a dictionary of cache directives needs; every rule of §4.2 is checked. */
    private static final class SfParser {
        private final String s;
        private int i;

        SfParser(String s) {
            this.s = s;
        }

        boolean dictionary(Map<String, String> out, Set<String> falseMembers) {
            skipSp();
            while (i < s.length()) {
                String key = key();
                if (key == null) {
                    return false;
                }
                String arg;
                boolean isFalse = false;
                if (peek() == '=') {
                    i++;
                    if (peek() == '(') {
                        if (!innerList()) {
                            return false;
                        }
                        arg = ""; // no cache directive takes a list: present, with no usable argument
                    } else {
                        String[] item = bareItem();
                        if (item == null) {
                            return false;
                        }
                        isFalse = item[1].equals("false");
                        arg = item[1].equals("true") ? "" : item[0];
                    }
                } else {
                    arg = "";
                }
                if (!parameters()) {
                    return false;
                }
                out.remove(key); // a repeated key overwrites, and takes the new position (RFC 8941 §4.2.2)
                falseMembers.remove(key);
                out.put(key, arg);
                if (isFalse) {
                    falseMembers.add(key);
                }
                skipOws();
                if (i >= s.length()) {
                    return true;
                }
                if (s.charAt(i) != ',') {
                    return false;
                }
                i++;
                skipOws();
                if (i >= s.length()) {
                    return false; // trailing comma
                }
            }
            return true; // empty dictionary
        }

        private String key() {
            int start = i;
            char c = peek();
            if (!((c >= 'a' && c <= 'z') || c == '*')) {
                return null;
            }
            i++;
            while (i < s.length()) {
                char d = s.charAt(i);
                if ((d >= 'a' && d <= 'z') || (d >= '0' && d <= '9') || d == '_' || d == '-' || d == '.' || d == '*') {
                    i++;
                } else {
                    break;
                }
            }
            return s.substring(start, i);
        }

        /** {text, kind}: kind is "number", "string", "token", "bytes", "true" or "false"; null when invalid. */
        private String[] bareItem() {
            char c = peek();
            if (c == '-' || (c >= '0' && c <= '9')) {
                return number();
            }
            if (c == '"') {
                return string();
            }
            if (c == '*' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                int start = i++;
                while (i < s.length() && (isTchar(s.charAt(i)) || s.charAt(i) == ':' || s.charAt(i) == '/')) {
                    i++;
                }
                return new String[] {s.substring(start, i), "token"};
            }
            if (c == ':') {
                int end = s.indexOf(':', i + 1);
                if (end < 0) {
                    return null;
                }
                for (int k = i + 1; k < end; k++) {
                    char b = s.charAt(k);
                    if (!(Character.isLetterOrDigit(b) && b < 128) && b != '+' && b != '/' && b != '=') {
                        return null;
                    }
                }
                String text = s.substring(i, end + 1);
                i = end + 1;
                return new String[] {text, "bytes"};
            }
            if (c == '?') {
                if (i + 1 < s.length() && (s.charAt(i + 1) == '0' || s.charAt(i + 1) == '1')) {
                    boolean value = s.charAt(i + 1) == '1';
                    i += 2;
                    return new String[] {value ? "?1" : "?0", value ? "true" : "false"};
                }
                return null;
            }
            return null;
        }

        private String[] number() {
            int start = i;
            if (peek() == '-') {
                i++;
            }
            int intDigits = 0;
            while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                i++;
                intDigits++;
            }
            if (intDigits == 0) {
                return null;
            }
            if (peek() == '.') {
                if (intDigits > 12) {
                    return null;
                }
                i++;
                int fracDigits = 0;
                while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    i++;
                    fracDigits++;
                }
                if (fracDigits < 1 || fracDigits > 3) {
                    return null;
                }
            } else if (intDigits > 15) {
                return null;
            }
            return new String[] {s.substring(start, i), "number"};
        }

        private String[] string() {
            StringBuilder sb = new StringBuilder();
            i++; // opening quote
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '\\') {
                    if (i >= s.length() || (s.charAt(i) != '"' && s.charAt(i) != '\\')) {
                        return null;
                    }
                    sb.append(s.charAt(i++));
                } else if (c == '"') {
                    return new String[] {sb.toString(), "string"};
                } else if (c < 0x20 || c > 0x7e) {
                    return null;
                } else {
                    sb.append(c);
                }
            }
            return null; // unterminated
        }

        private boolean innerList() {
            i++; // (
            while (i < s.length()) {
                skipSp();
                if (peek() == ')') {
                    i++;
                    return true;
                }
                if (bareItem() == null || !parameters()) {
                    return false;
                }
                char c = peek();
                if (c != ' ' && c != ')') {
                    return false;
                }
            }
            return false;
        }

        private boolean parameters() {
            while (peek() == ';') {
                i++;
                skipSp();
                if (key() == null) {
                    return false;
                }
                if (peek() == '=') {
                    i++;
                    if (bareItem() == null) {
                        return false;
                    }
                }
            }
            return true;
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        private void skipSp() {
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
        }

        private void skipOws() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }
    }
}
