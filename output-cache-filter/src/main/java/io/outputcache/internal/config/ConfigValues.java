package io.outputcache.internal.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the text forms of configuration values ({@code web.xml} init-params, command lines).
 * Every failure names the option and what it accepts; nothing silently becomes "no value".
 */
public final class ConfigValues {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?");

    private ConfigValues() {
    }

    /** {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT5M}). */
    public static Duration duration(String name, String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(text);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        if (text.startsWith("pt") || text.startsWith("p")) {
            try {
                return Duration.parse(value.trim());
            } catch (DateTimeParseException e) {
                // fall through to the error below, which says what is accepted
            }
        }
        throw new IllegalArgumentException(name + " must be a duration such as 250ms, 30s, 5m, 1h, 1d or PT5M but was '"
                + value + "'");
    }

    /** A byte count: {@code 1048576}, {@code 512KiB}, {@code 1MiB} (KB/MB are read as KiB/MiB). */
    public static long size(String name, String value) {
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(name + " must be a size such as 65536, 512KiB or 1MiB but was '" + value + "'");
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is too large: '" + value + "'", e);
        }
        String unit = m.group(2) == null ? "b" : m.group(2);
        long factor = switch (unit) {
            case "kb", "kib" -> 1024L;
            case "mb", "mib" -> 1024L * 1024;
            case "gb", "gib" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return Math.multiplyExact(amount, factor);
    }

    /** Exactly {@code true} or {@code false}: a typo must not read as false. */
    public static boolean bool(String name, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false but was '" + value + "'");
        };
    }

    public static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number but was '" + value + "'", e);
        }
    }

    /** A comma- or whitespace-separated list; empty items are dropped. */
    public static List<String> list(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split("[,\\s]+")) {
            if (!item.isEmpty()) {
                items.add(item);
            }
        }
        return items;
    }

    /** Shows a duration the way the configuration accepts it back. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
