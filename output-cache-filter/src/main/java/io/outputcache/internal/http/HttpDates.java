package io.outputcache.internal.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** HTTP-date (RFC 9110 §5.6.7): IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must accept. */
public final class HttpDates {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC_850 =
            DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);
    private static final List<DateTimeFormatter> OBSOLETE = List.of(RFC_850, ASCTIME);

    private HttpDates() {
    }

    public static Optional<Instant> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim();
        try {
            return Optional.of(ZonedDateTime.parse(v, IMF_FIXDATE).toInstant());
        } catch (DateTimeParseException e) {
            // try the obsolete forms below
        }
        for (DateTimeFormatter f : OBSOLETE) {
            try {
                LocalDateTime t = LocalDateTime.parse(v, f);
                if (f == RFC_850 && t.getYear() > LocalDateTime.now(ZoneOffset.UTC).getYear() + 50) {
                    t = t.minusYears(100); // RFC 9110: a two-digit year more than 50 years ahead is in the past century
                }
                return Optional.of(t.toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e) {
                // next form
            }
        }
        return Optional.empty();
    }

    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }
}
