package io.outputcache.internal.policy;

import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.HttpDates;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a request for a stored response is answered {@code 304 Not Modified} or served in full: the evaluation
 * of the client's conditional fields by a cache (RFC 9110 §13.1, §13.2; RFC 9111 §4.3.2). Pure: the request's
 * fields, the stored status and the stored validators in, the outcome out.
 *
 * <p>Of the preconditions in the order of RFC 9110 §13.2.2, a cache evaluates only If-None-Match and
 * If-Modified-Since: {@code If-Match} and {@code If-Unmodified-Since} "are not applicable to a cache" (RFC 9111
 * §4.3.2) and {@code If-Range} only modifies a {@code Range} request, which is answered with the whole page.
 */
public final class ConditionalRequest {

    /** What the client is sent. */
    public enum Outcome {
        /** 304 with the headers of RFC 9110 §15.4.5 and no body. */
        NOT_MODIFIED,
        /** The stored response in full (the request had no condition, or one that holds). */
        SERVE
    }

    /**
     * The request's conditional fields, each as its field lines joined with ", " (absent: empty).
     *
     * @param method          the request method
     * @param ifNoneMatch     If-None-Match
     * @param ifModifiedSince If-Modified-Since
     */
    public record Conditions(String method, Optional<String> ifNoneMatch, Optional<String> ifModifiedSince) {
    }

    /**
     * What the stored response can be validated by.
     *
     * @param entityTags   the entity-tags that name its content: the stored one and the tags of its other codings
     *                     (see {@link Representation#tagsNaming}); empty when it has none
     * @param modifiedAt the modification date a date condition is compared with; empty when a date cannot tell
     *                     (a page whose holes are filled per response)
     */
    public record Validators(List<String> entityTags, Optional<Instant> modifiedAt) {
        public Validators {
            entityTags = List.copyOf(entityTags);
        }

        /**
         * Tags and the stored date: {@code Last-Modified}, else the stored {@code Date}, else the time the response
         * was received (RFC 9111 §4.3.2: "a cache SHOULD use the stored response's Date field value (or, if no Date
         * field is present, the time that the stored response was received)").
         */
        public static Validators of(List<String> entityTags, HeaderMap stored, Instant received) {
            Optional<Instant> modified = stored.first("last-modified").flatMap(HttpDates::parse)
                    .or(() -> stored.first("date").flatMap(HttpDates::parse))
                    .or(() -> Optional.of(received));
            return new Validators(entityTags, modified);
        }

        /** Tags only: a date cannot say whether content filled in per response has changed. */
        public static Validators tagsOnly(List<String> entityTags) {
            return new Validators(entityTags, Optional.empty());
        }
    }

    private ConditionalRequest() {
    }

    public static Outcome evaluate(Conditions request, int storedStatus, Validators validators) {
        // RFC 9110 §13.2.1: preconditions are ignored when the response without them would not be 2xx.
        if (storedStatus < 200 || storedStatus >= 300) {
            return Outcome.SERVE;
        }
        // A cache serves only GET and HEAD; for them a false If-None-Match or If-Modified-Since means 304
        // (RFC 9110 §13.1.2, §13.1.3), for any other method both are ignored here.
        boolean getOrHead = request.method().equals("GET") || request.method().equals("HEAD");
        if (!getOrHead) {
            return Outcome.SERVE;
        }
        // RFC 9110 §13.2.2 step 3: If-None-Match first; when present, If-Modified-Since is ignored (§13.1.3).
        if (request.ifNoneMatch().isPresent()) {
            return noneMatch(request.ifNoneMatch().get(), validators.entityTags())
                    ? Outcome.SERVE : Outcome.NOT_MODIFIED;
        }
        // Step 4: If-Modified-Since, only for GET and HEAD, only with a date to compare.
        if (request.ifModifiedSince().isPresent() && validators.modifiedAt().isPresent()) {
            // RFC 9110 §13.1.3: an invalid date (or a list of them, which does not parse as one) is ignored.
            Optional<Instant> since = HttpDates.parse(request.ifModifiedSince().get());
            if (since.isPresent() && !validators.modifiedAt().get().isAfter(since.get())) {
                return Outcome.NOT_MODIFIED; // "earlier or equal to the date provided": the condition is false
            }
        }
        return Outcome.SERVE;
    }

    /**
     * The If-None-Match condition (RFC 9110 §13.1.2): false when the field is "*" (the cache has a current
     * representation) or when any listed tag matches one of ours by weak comparison (§8.8.3.2: opaque-tags equal,
     * W/ ignored).
     */
    static boolean noneMatch(String field, List<String> ours) {
        List<String> theirs = entityTags(field);
        if (theirs.contains("*")) {
            return false;
        }
        for (String tag : ours) {
            if (theirs.contains(opaque(tag))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The members of an If-None-Match list, as opaque tags without quotes and without W/, or "*". A comma inside
     * quotes belongs to the tag (etagc allows it). A member that is not quoted is kept as its text, as lenient
     * recipients do.
     */
    static List<String> entityTags(String field) {
        List<String> tags = new ArrayList<>();
        int i = 0;
        int n = field.length();
        while (i < n) {
            char c = field.charAt(i);
            if (c == ',' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int start = field.startsWith("W/", i) ? i + 2 : i;
            if (start < n && field.charAt(start) == '"') {
                int close = field.indexOf('"', start + 1);
                if (close < 0) {
                    tags.add(field.substring(start + 1).trim());
                    return tags;
                }
                tags.add(field.substring(start + 1, close));
                i = close + 1;
            } else {
                int comma = field.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                tags.add(opaque(field.substring(i, end).trim()));
                i = end;
            }
        }
        return tags;
    }

    private static String opaque(String etag) {
        String e = etag.startsWith("W/") ? etag.substring(2) : etag;
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }
}
