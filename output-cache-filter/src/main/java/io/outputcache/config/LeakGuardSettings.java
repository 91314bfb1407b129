package io.outputcache.config;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What the leak guard looks for before a page is stored: values of the requesting user found in the body mean the
 * page is personal and is not stored (docs/security.md).
 *
 * @param enabled    whether the guard runs
 * @param cookies    cookies whose values belong to one user, besides the container's session cookie
 * @param headers    request header fields (lower-case) whose values belong to one user
 * @param attributes request attributes whose character-sequence values belong to one user
 * @param minLength  values shorter than this are not looked for: they occur in ordinary pages by chance
 */
public record LeakGuardSettings(boolean enabled, List<String> cookies, List<String> headers, List<String> attributes,
                                int minLength) {

    /** On; {@code JSESSIONID}, {@code XSRF-TOKEN}; {@code X-CSRF-TOKEN}, {@code X-XSRF-TOKEN}; {@code _csrf}; 4. */
    public static final LeakGuardSettings DEFAULT = new LeakGuardSettings(true, List.of("JSESSIONID", "XSRF-TOKEN"),
            List.of("x-csrf-token", "x-xsrf-token"), List.of("_csrf"), 4);

    public LeakGuardSettings {
        cookies = FieldNames.cookies("leak-guard-cookies", cookies);
        headers = FieldNames.headers("leak-guard-headers", headers);
        attributes = attributeNames(attributes);
        checkMinLength(minLength);
    }

    /** The settings as their init-params spell them; the lists only when the guard is on. */
    @Override
    public String toString() {
        return "leak-guard=" + enabled + (enabled ? ", leak-guard-cookies=" + cookies + ", leak-guard-headers=" + headers
                + ", leak-guard-attributes=" + attributes + ", leak-guard-min-length=" + minLength : "");
    }

    public static Builder builder() {
        return new Builder();
    }

    private static List<String> attributeNames(Collection<String> names) {
        for (String name : Check.notNull("leak-guard-attributes", names)) {
            if (name == null || name.isBlank()) {
                throw Check.fail("leak-guard-attributes must not contain an empty name");
            }
        }
        return List.copyOf(new LinkedHashSet<>(names));
    }

    private static void checkMinLength(int chars) {
        if (chars < 1 || chars > 1024) {
            throw Check.fail("leak-guard-min-length must be between 1 and 1024 but was " + chars);
        }
    }

    /** Collects the leak-guard settings; each setter checks at once, may be called once, and a list replaces the default. */
    public static final class Builder {
        private Boolean enabled;
        private List<String> cookies;
        private List<String> headers;
        private List<String> attributes;
        private Integer minLength;

        private Builder() {
        }

        public Builder enabled(boolean on) {
            Check.unset("leak-guard", enabled);
            this.enabled = on;
            return this;
        }

        public Builder cookies(Collection<String> names) {
            Check.unset("leak-guard-cookies", cookies);
            this.cookies = FieldNames.cookies("leak-guard-cookies", names);
            return this;
        }

        public Builder headers(Collection<String> names) {
            Check.unset("leak-guard-headers", headers);
            this.headers = FieldNames.headers("leak-guard-headers", names);
            return this;
        }

        public Builder attributes(Collection<String> names) {
            Check.unset("leak-guard-attributes", attributes);
            this.attributes = attributeNames(names);
            return this;
        }

        public Builder minLength(int chars) {
            Check.unset("leak-guard-min-length", minLength);
            checkMinLength(chars);
            this.minLength = chars;
            return this;
        }

        public LeakGuardSettings build() {
            LeakGuardSettings d = DEFAULT;
            return new LeakGuardSettings(Check.or(enabled, d.enabled()), Check.or(cookies, d.cookies()),
                    Check.or(headers, d.headers()), Check.or(attributes, d.attributes()),
                    Check.or(minLength, d.minLength()));
        }
    }
}
