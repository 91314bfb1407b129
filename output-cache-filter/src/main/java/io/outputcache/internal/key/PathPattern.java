package io.outputcache.internal.key;

import java.util.regex.Pattern;

/**
 * A path glob of a rule: {@code /exact}, {@code /products/*} (one segment), {@code /docs/**} (the folder and
 * everything below it), {@code /*.html}. Matched against the normalised path within the application.
 */
public final class PathPattern {
    private final String pattern;
    private final Pattern regex;

    private PathPattern(String pattern, Pattern regex) {
        this.pattern = pattern;
        this.regex = regex;
    }

    public static PathPattern compile(String option, String pattern) {
        if (pattern == null || !pattern.startsWith("/") || pattern.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(option + " must be a path pattern starting with '/' (e.g. /, /products/*,"
                    + " /docs/**) but was '" + pattern + "'");
        }
        if (pattern.contains("***")) {
            throw new IllegalArgumentException(option + " must use * or ** but was '" + pattern + "'");
        }
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            if (pattern.startsWith("/**", i) && i + 3 == pattern.length()) {
                re.append("(?:/.*)?"); // "/docs/**" also covers "/docs" itself
                i += 3;
            } else if (pattern.startsWith("**", i)) {
                re.append(".*");
                i += 2;
            } else if (pattern.charAt(i) == '*') {
                re.append("[^/]*");
                i++;
            } else {
                int next = nextWildcard(pattern, i);
                re.append(Pattern.quote(pattern.substring(i, next)));
                i = next;
            }
        }
        return new PathPattern(pattern, Pattern.compile(re.toString()));
    }

    private static int nextWildcard(String pattern, int from) {
        int star = pattern.indexOf('*', from);
        int slashStars = pattern.indexOf("/**", from);
        if (slashStars >= 0 && slashStars + 3 == pattern.length() && (star < 0 || slashStars < star)) {
            return slashStars;
        }
        return star < 0 ? pattern.length() : star;
    }

    public boolean matches(String path) {
        return regex.matcher(path).matches();
    }

    public String pattern() {
        return pattern;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
