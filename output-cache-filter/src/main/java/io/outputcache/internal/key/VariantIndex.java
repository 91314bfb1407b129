package io.outputcache.internal.key;

import io.outputcache.internal.http.HeaderMap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Secondary cache keys for HTTP mode (RFC 9111 §4.1): a stored response that carries {@code Vary} may only be
 * used for a request whose values of the named fields match those of the request that produced it.
 *
 * <p>Design: a response with {@code Vary} is stored under a <em>secondary key</em>, the primary key's canonical
 * text plus each named field and the request's (normalised) value of it. Under the primary key the store holds a
 * small <em>variant index</em> instead of a page: the field names the origin varies on. A lookup that finds an
 * index builds the secondary key from the request and reads again (two reads for varying pages, one for the rest).
 * A response without {@code Vary} is stored under the primary key itself and so replaces the index. Every
 * variant and the index carry the path tag, so invalidating a path removes all of them. {@code Vary: *} is never
 * stored (decided by {@code Storability}).
 *
 * <p>The index value is tiny and has its own magic, distinct from the page entry format, so each reader can tell
 * which it holds.
 */
public final class VariantIndex {
    private static final byte[] MAGIC = "OCVI1\n".getBytes(StandardCharsets.US_ASCII);

    private VariantIndex() {
    }

    /**
     * The field names a response varies on, lower-case, de-duplicated and sorted (so that {@code Vary: A, B} and
     * {@code Vary: b, a} select alike); empty when it does not vary; empty Optional for {@code Vary: *}.
     */
    public static Optional<List<String>> varyNames(HeaderMap responseHeaders) {
        TreeSet<String> names = new TreeSet<>();
        for (String value : responseHeaders.all("vary")) {
            for (String member : value.split(",")) {
                String name = member.trim().toLowerCase(Locale.ROOT);
                if (name.equals("*")) {
                    return Optional.empty();
                }
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return Optional.of(List.copyOf(names));
    }

    /**
     * The secondary key of a request for a response that varies on {@code names}. Values are combined across
     * field lines and white space around list members is normalised (RFC 9111 §4.1 allows it); an absent field
     * differs from an empty one.
     */
    public static CacheKey secondary(CacheKey primary, List<String> names, HeaderMap requestHeaders) {
        StringBuilder canonical = new StringBuilder(primary.canonical()).append("|vary");
        for (String name : names) {
            canonical.append('F').append(name.length()).append(':').append(name);
            List<String> values = requestHeaders.all(name);
            if (values.isEmpty()) {
                canonical.append('-');
            } else {
                String v = KeyBuilder.normalizeHeaderValue(String.join(",", values));
                canonical.append('v').append(v.length()).append(':').append(v);
            }
        }
        String text = canonical.toString();
        return CacheKey.variant(text, primary);
    }

    /** The index value naming the fields. */
    public static byte[] encode(List<String> names) {
        byte[] body = String.join("\n", names).getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(MAGIC, MAGIC.length + body.length);
        System.arraycopy(body, 0, out, MAGIC.length, body.length);
        return out;
    }

    /** The field names, if {@code value} is an index (and not a page entry); names must be tokens. */
    public static Optional<List<String>> decode(byte[] value) {
        if (value.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(value, MAGIC.length), MAGIC)) {
            return Optional.empty();
        }
        String body = new String(value, MAGIC.length, value.length - MAGIC.length, StandardCharsets.US_ASCII);
        List<String> names = new ArrayList<>();
        for (String name : body.split("\n")) {
            if (name.isEmpty() || !name.chars().allMatch(VariantIndex::isTokenChar)) {
                return Optional.empty();
            }
            names.add(name);
        }
        return names.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(names));
    }

    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
}
