package io.outputcache.internal.key;

import io.outputcache.internal.http.HeaderMap;

import java.util.Optional;

/** Reads cookie values from {@code Cookie} request fields (RFC 6265 §5.4), without the servlet container. */
public final class Cookies {
    private Cookies() {
    }

    /** The value of the first cookie of that name, unquoted, if the request carries it. */
    public static Optional<String> value(HeaderMap headers, String name) {
        for (String field : headers.all("cookie")) {
            for (String pair : field.split(";")) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                if (pair.substring(0, eq).trim().equals(name)) {
                    String v = pair.substring(eq + 1).trim();
                    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                        v = v.substring(1, v.length() - 1);
                    }
                    return Optional.of(v);
                }
            }
        }
        return Optional.empty();
    }
}
