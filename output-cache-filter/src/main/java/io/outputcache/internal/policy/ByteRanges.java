package io.outputcache.internal.policy;

import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.HttpDates;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How to answer a {@code Range} request from a stored complete response (RFC 9111 §3.4, RFC 9110 §14): the whole
 * 200, a 206 with one range, or a 416. Pure: the writer passes the representation it is about to send (its bytes'
 * length and validators) and the request's fields.
 *
 * <p>Multiple ranges: when more than one range of the set can be satisfied, the whole 200 is sent (a server may
 * always ignore {@code Range}, §14.2); this cache builds no {@code multipart/byteranges}. A set of which exactly one
 * range can be satisfied gets that range. Conditional fields come first (§13.2.2): the writer answers
 * {@code If-None-Match} / {@code If-Modified-Since} with 304 before it asks here.
 */
public final class ByteRanges {

    /** What the writer sends. */
    public sealed interface Outcome permits Whole, Partial, Unsatisfiable {
    }

    /** The whole stored response, as without {@code Range}; {@code reason} is for debugging and tests. */
    public record Whole(String reason) implements Outcome {
    }

    /**
     * 206 Partial Content with bytes {@code first..last} (inclusive) of a representation of {@code length} bytes
     * (§15.3.7): {@code Content-Range} below, {@code Content-Length} {@link #size()}, the stored header fields.
     */
    public record Partial(long first, long last, long length) implements Outcome {
        public String contentRange() {
            return "bytes " + first + "-" + last + "/" + length;
        }

        public long size() {
            return last - first + 1;
        }
    }

    /** 416 Range Not Satisfiable, with {@code Content-Range: bytes *}{@code /length} (§15.5.17) and no content. */
    public record Unsatisfiable(long length) implements Outcome {
        public String contentRange() {
            return "bytes */" + length;
        }
    }

    /**
     * The representation a range would be cut from.
     *
     * @param status       the stored status; ranges are served from a 200 only
     * @param length       the length of the bytes the writer would send (after any decoding it does)
     * @param etag         the entity tag sent with those bytes, quoted, or "" when none
     * @param lastModified the stored {@code Last-Modified}, if any
     * @param date         the stored {@code Date}, if any (tells whether Last-Modified is a strong validator)
     */
    public record Representation(int status, long length, String etag, Optional<String> lastModified,
                                 Optional<String> date) {
        /** The representation stored with these header fields. */
        public static Representation of(int status, long length, String etag, HeaderMap headers) {
            return new Representation(status, length, etag == null ? "" : etag, headers.first("last-modified"),
                    headers.first("date"));
        }
    }

    private ByteRanges() {
    }

    /** Decides from the request's method, its {@code Range} and {@code If-Range}, and the representation. */
    public static Outcome decide(String method, HeaderMap request, Representation rep) {
        List<String> range = request.all("range");
        // §14.2: GET is the only method range handling is defined for; a server may ignore Range anyway.
        if (!"GET".equals(method)) {
            return new Whole("method");
        }
        if (range.isEmpty()) {
            return new Whole("no-range");
        }
        if (rep.status() != 200) {
            return new Whole("status");
        }
        // Range is a singleton field: several lines are not a range request one can make sense of.
        if (range.size() != 1) {
            return new Whole("invalid");
        }
        // §13.1.5: a validator that does not match means the client's partial copy is of another version.
        Optional<String> ifRange = request.first("if-range");
        if (ifRange.isPresent() && !ifRangeMatches(ifRange.get().trim(), rep)) {
            return new Whole("if-range");
        }
        String value = range.get(0).trim();
        int eq = value.indexOf('=');
        if (eq < 0) {
            return new Whole("invalid");
        }
        // §14.1: range units are case-insensitive; "bytes" is the only one this cache knows.
        if (!value.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("bytes")) {
            return new Whole("unit");
        }
        // A zero-length representation has no byte to send in a 206 (§14.1.1): send it whole.
        if (rep.length() == 0) {
            return new Whole("empty");
        }
        return byteRanges(value.substring(eq + 1), rep.length());
    }

    private static Outcome byteRanges(String rangeSet, long length) {
        Partial satisfiable = null;
        int specs = 0;
        int satisfiableCount = 0;
        for (String element : rangeSet.split(",", -1)) {
            String spec = element.trim();
            if (spec.isEmpty()) {
                continue; // empty list elements do not count (RFC 9110 §5.6.1.2)
            }
            specs++;
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return new Whole("invalid");
            }
            String firstText = spec.substring(0, dash).trim();
            String lastText = spec.substring(dash + 1).trim();
            Partial p;
            if (firstText.isEmpty()) {
                // suffix-range (§14.1.1): the last N bytes; satisfiable when N > 0.
                long n = digits(lastText);
                if (n < 0) {
                    return new Whole("invalid");
                }
                if (n == 0) {
                    continue;
                }
                p = new Partial(Math.max(0, length - n), length - 1, length);
            } else {
                long first = digits(firstText);
                long last = lastText.isEmpty() ? Long.MAX_VALUE : digits(lastText);
                if (first < 0 || last < 0 || last < first) {
                    return new Whole("invalid"); // §14.1.1: last-pos before first-pos makes the range-set invalid
                }
                if (first >= length) {
                    continue; // starts past the end: unsatisfiable
                }
                p = new Partial(first, Math.min(last, length - 1), length);
            }
            satisfiableCount++;
            satisfiable = p;
        }
        if (specs == 0) {
            return new Whole("invalid");
        }
        if (satisfiableCount == 0) {
            return new Unsatisfiable(length); // §15.5.17
        }
        return satisfiableCount == 1 ? satisfiable : new Whole("multiple-ranges");
    }

    /** A non-negative decimal, saturating; -1 when not digits. */
    private static long digits(String s) {
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return s.length() > 18 ? Long.MAX_VALUE : Long.parseLong(s);
    }

    /**
     * §13.1.5: an entity tag matches by strong comparison (a weak tag on either side never matches); an HTTP-date
     * matches when it equals the stored Last-Modified exactly and that is a strong validator: at least one second
     * before the stored Date (§8.8.2.2; without a Date it cannot be shown to be strong).
     */
    static boolean ifRangeMatches(String validator, Representation rep) {
        if (validator.startsWith("\"") || validator.startsWith("W/")) {
            return validator.startsWith("\"") && !rep.etag().isEmpty() && !rep.etag().startsWith("W/")
                    && validator.equals(rep.etag());
        }
        Optional<Instant> given = HttpDates.parse(validator);
        Optional<Instant> modified = rep.lastModified().flatMap(HttpDates::parse);
        Optional<Instant> date = rep.date().flatMap(HttpDates::parse);
        if (given.isEmpty() || modified.isEmpty() || date.isEmpty()) {
            return false;
        }
        boolean strong = Duration.between(modified.get(), date.get()).getSeconds() >= 1;
        return strong && given.get().equals(modified.get());
    }
}
