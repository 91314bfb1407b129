package io.outputcache.config;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one check of header field and cookie names: both are an RFC 9110 §5.6.2 {@code token} (RFC 6265 §4.1.1 uses
 * the same grammar for a cookie name).
 */
public final class FieldNames {
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private FieldNames() {
    }

    static boolean isToken(String name) {
        return name != null && TOKEN.matcher(name).matches();
    }

    /**
     * One header field name, lower-cased (field names are case-insensitive, RFC 9110 §5.1).
     *
     * @throws InvalidConfigurationException naming the option, when the name is not a token
     */
    public static String header(String option, String name) {
        if (!isToken(name)) {
            throw Check.fail(option + " must be a header field name such as 'Surrogate-Key' but was '" + name + "'");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /** Header field names, lower-cased (field names are case-insensitive, RFC 9110 §5.1), duplicates dropped. */
    static List<String> headers(String option, Collection<String> names) {
        Set<String> clean = new LinkedHashSet<>();
        for (String name : Check.notNull(option, names)) {
            if (!isToken(name)) {
                throw Check.fail(option + " must be header field names but got '" + name + "'");
            }
            clean.add(name.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(clean);
    }

    /** Cookie names as written (they are case-sensitive), duplicates dropped. */
    static List<String> cookies(String option, Collection<String> names) {
        Set<String> clean = new LinkedHashSet<>();
        for (String name : Check.notNull(option, names)) {
            if (!isToken(name)) {
                throw Check.fail(option + " must be cookie names but got '" + name + "'");
            }
            clean.add(name);
        }
        return List.copyOf(clean);
    }
}
