package io.outputcache.internal.config;

/** Checks tag names: they become Redis keys and appear in lists separated by commas or spaces. */
public final class TagNames {
    private TagNames() {
    }

    public static String check(String option, String tag) {
        if (tag == null || tag.isEmpty() || tag.length() > 200
                || tag.chars().anyMatch(c -> c <= 0x20 || c == 0x7f || c == ',')) {
            throw new IllegalArgumentException(option + " must be 1-200 characters without spaces, commas or control"
                    + " characters but got '" + tag + "'");
        }
        return tag;
    }
}
