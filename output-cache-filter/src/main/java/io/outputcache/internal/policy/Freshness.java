package io.outputcache.internal.policy;

import io.outputcache.internal.http.CacheControl;
import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.http.HttpDates;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The freshness arithmetic of RFC 9111 §4.2, for a shared cache. Pure functions of headers and times. */
public final class Freshness {
    private Freshness() {
    }

    /**
     * Freshness lifetime (§4.2.1) as a shared cache computes it: {@code s-maxage}, else {@code max-age}, else
     * {@code Expires} minus {@code Date}. Empty when the response gives none (heuristics are the caller's choice).
     * An {@code Expires} that does not parse means "already expired" (§5.3).
     */
    public static Optional<Duration> explicitLifetime(HeaderMap headers, CacheControl cc, Instant responseTime) {
        return explicitLifetime(headers, cc, true, responseTime);
    }

    /**
     * As {@link #explicitLifetime(HeaderMap, CacheControl, Instant)}; without {@code expiresApplies} the
     * {@code Expires} field is not read (a targeted field replaces it, RFC 9213 §2.1).
     */
    public static Optional<Duration> explicitLifetime(HeaderMap headers, CacheControl cc, boolean expiresApplies,
                                                      Instant responseTime) {
        Optional<Duration> sMaxAge = cc.seconds("s-maxage");
        if (sMaxAge.isPresent()) {
            return sMaxAge;
        }
        if (cc.has("s-maxage")) {
            return Optional.of(Duration.ZERO); // present but malformed: treat as stale (§4.2.1)
        }
        Optional<Duration> maxAge = cc.seconds("max-age");
        if (maxAge.isPresent()) {
            return maxAge;
        }
        if (cc.has("max-age")) {
            return Optional.of(Duration.ZERO);
        }
        if (expiresApplies && headers.contains("expires")) {
            if (headers.all("expires").size() != 1) {
                return Optional.of(Duration.ZERO);
            }
            Optional<Instant> expires = HttpDates.parse(headers.first("expires").orElse(""));
            if (expires.isEmpty()) {
                return Optional.of(Duration.ZERO);
            }
            Instant date = headers.first("date").flatMap(HttpDates::parse).orElse(responseTime);
            Duration lifetime = Duration.between(date, expires.get());
            return Optional.of(lifetime.isNegative() ? Duration.ZERO : lifetime);
        }
        return Optional.empty();
    }

    /**
     * {@code corrected_initial_age} (§4.2.3): the age the response already had when it arrived, taking the larger
     * of its own {@code Age} (plus the time the request took) and the apparent age from {@code Date}.
     */
    public static long initialAgeSeconds(HeaderMap headers, Instant requestTime, Instant responseTime) {
        long ageValue = ageValue(headers);
        long responseDelay = Math.max(0, Duration.between(requestTime, responseTime).toSeconds());
        long apparentAge = headers.first("date").flatMap(HttpDates::parse)
                .map(date -> Math.max(0, Duration.between(date, responseTime).toSeconds()))
                .orElse(0L);
        return Math.max(apparentAge, ageValue + responseDelay);
    }

    /**
     * The {@code Age} a response arrived with, as RFC 9111 §5.1 asks of a cache: of a list-based value (one line
     * {@code 0, 7200} or several {@code Age} lines) only the first member counts, the others are discarded; if that
     * member is not a non-negative integer ({@code abc}, {@code -7200}, {@code 7200.0}, {@code 7200;foo=bar}) the
     * field is ignored. No usable Age is 0: the apparent age from {@code Date} still counts (§4.2.3). A value too
     * large to represent saturates at 2^31 seconds (§1.2.2).
     */
    static long ageValue(HeaderMap headers) {
        for (String line : headers.all("age")) {
            for (String member : line.split(",", -1)) {
                String v = member.trim();
                if (v.isEmpty()) {
                    continue; // empty list elements do not count as members (RFC 9110 §5.6.1.2)
                }
                return isDeltaSeconds(v) ? deltaSeconds(v) : 0;
            }
        }
        return 0;
    }

    private static boolean isDeltaSeconds(String v) {
        return !v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** A delta-seconds value (§1.2.2); anything else counts as 0. */
    static long deltaSeconds(String value) {
        String v = value.trim();
        if (v.isEmpty() || v.length() > 10) {
            return v.isEmpty() ? 0 : 2147483648L;
        }
        for (int i = 0; i < v.length(); i++) {
            if (!Character.isDigit(v.charAt(i))) {
                return 0;
            }
        }
        return Math.min(Long.parseLong(v), 2147483648L);
    }
}
