package io.outputcache.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One Redis address as {@code redis-url} writes it: {@code redis://[user[:password]@]host[:port][/db]}, or
 * {@code rediss://} for TLS. The credentials are split off so that {@link #address()} can be logged; the user-info
 * ends at the <em>last</em> {@code @}, so a password with {@code /}, {@code @} or {@code :} in it (access keys are
 * often base64) parses whole, written raw or percent-encoded. {@code +} stays {@code +}: this is not a form field.
 *
 * @param scheme   {@code redis} or {@code rediss}
 * @param host     host name or IP address ({@code [::1]} for IPv6)
 * @param port     TCP port, 6379 when the URL names none
 * @param username the user of the URL's user-info, if any
 * @param password the password of the URL's user-info, if any
 */
public record RedisUrl(String scheme, String host, int port, Optional<String> username, Optional<String> password) {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+]");
    private static final String FORM = "redis-url must be redis://host:port or rediss://host:port";

    public RedisUrl {
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw Check.fail("redis-url must start with redis:// or rediss:// but had scheme '" + scheme + "'");
        }
        if (host == null || !HOST.matcher(host).matches()) {
            throw Check.fail("redis-url must name a host, e.g. redis://127.0.0.1:6379, but had '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw Check.fail("redis-url port must be 1-65535 but was " + port);
        }
        Check.notNull("redis-url username", username);
        Check.notNull("redis-url password", password);
    }

    /** Parses one URL; an error message shows the URL {@linkplain #redact(String) redacted}. */
    public static RedisUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw Check.fail(FORM + " but was empty");
        }
        String text = url.trim();
        int sep = text.indexOf("://");
        String scheme = sep < 0 ? "" : text.substring(0, sep);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw Check.fail("redis-url must start with redis:// or rediss:// but was '" + redact(text) + "'");
        }
        String rest = text.substring(sep + 3);
        int at = rest.lastIndexOf('@');
        String hostPort = rest.substring(at + 1).replaceFirst("[/?].*", "");
        int colon = hostPort.lastIndexOf(':');
        boolean hasPort = colon >= 0 && hostPort.indexOf(']', colon) < 0;
        String host = hasPort ? hostPort.substring(0, colon) : hostPort;
        if (!HOST.matcher(host).matches()) {
            throw Check.fail("redis-url must name a host, e.g. redis://127.0.0.1:6379, but was '" + redact(text) + "'");
        }
        int port = 6379;
        if (hasPort) {
            String digits = hostPort.substring(colon + 1);
            port = digits.matches("[0-9]{1,5}") ? Integer.parseInt(digits) : -1;
            if (port < 1 || port > 65535) {
                throw Check.fail("redis-url port must be 1-65535 but was '" + redact(text) + "'");
            }
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (at >= 0) {
            String info = rest.substring(0, at);
            int split = info.indexOf(':');
            user = Optional.of(decode(split < 0 ? info : info.substring(0, split))).filter(u -> !u.isEmpty());
            password = split < 0 ? Optional.empty() : Optional.of(decode(info.substring(split + 1))).filter(p -> !p.isEmpty());
        }
        return new RedisUrl(scheme, host, port, user, password);
    }

    /** The address without credentials: {@code scheme://host:port}, safe to log and what Redisson is given. */
    public String address() {
        return scheme + "://" + host + ":" + port;
    }

    /** Whether the connection is TLS ({@code rediss://}). */
    public boolean tls() {
        return scheme.equals("rediss");
    }

    /** The address, with {@code ****@} in front where the URL carried credentials: never a password. */
    @Override
    public String toString() {
        return username.isPresent() || password.isPresent()
                ? scheme + "://****@" + host + ":" + port
                : address();
    }

    /**
     * Redacts one URL value (a setting or a command-line flag, not a message): everything between the scheme (or
     * the start, when there is none) and the value's last {@code @} becomes {@code ****}, whatever it holds,
     * white space included, so even a value that is not a valid URL never shows its password.
     */
    public static String redactValue(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int at = url.lastIndexOf('@');
        return at < start ? url : url.substring(0, start) + "****" + url.substring(at);
    }

    /**
     * Replaces the user-info of every URL in a text ({@code scheme://user:password@host}) with {@code ****}, for
     * messages and logs. The user-info runs to the last {@code @} before the URL ends (at white space, a quote, or
     * where the next URL of a list begins), so a password containing {@code /}, {@code @} or {@code :} is hidden whole.
     */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        int done = 0;
        int sep = text.indexOf("://");
        while (sep >= 0) {
            int start = sep + 3;
            int next = text.indexOf("://", start);
            int end = urlEnd(text, start, next < 0 ? text.length() : schemeStart(text, next));
            int at = text.lastIndexOf('@', end - 1);
            if (at >= start) {
                out.append(text, done, start).append("****");
                done = at;
            }
            sep = next;
        }
        return out.append(text, done, text.length()).toString();
    }

    private static int urlEnd(String text, int from, int limit) {
        for (int i = from; i < limit; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == '"' || c == '\'' || c == '<' || c == '>') {
                return i;
            }
        }
        return limit;
    }

    /** Where the scheme before a {@code ://} begins, so that a list {@code a://x,b://y} splits before {@code b}. */
    private static int schemeStart(String text, int sep) {
        int i = sep;
        while (i > 0 && (Character.isLetterOrDigit(text.charAt(i - 1)) || "+.-".indexOf(text.charAt(i - 1)) >= 0)) {
            i--;
        }
        return i;
    }

    /** Percent-decoding (RFC 3986 §2.1) to UTF-8; a {@code %} not followed by two hex digits is kept as written. */
    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            int hi = in[i] == '%' && i + 2 < in.length ? Character.digit(in[i + 1], 16) : -1;
            int lo = hi >= 0 ? Character.digit(in[i + 2], 16) : -1;
            if (lo >= 0) {
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
