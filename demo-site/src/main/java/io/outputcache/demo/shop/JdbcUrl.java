package io.outputcache.demo.shop;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import java.util.regex.Pattern;

/** The product database's JDBC URL: the embedded default, the check of a given one, and its redaction for messages. */
public final class JdbcUrl {
    /** PostgreSQL separates parameters with {@code &} only, so a password there may hold a {@code ;}. */
    private static final Pattern PG_PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&]*");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//[^/?;]*@");

    private JdbcUrl() {
    }

    /**
     * A fresh in-memory H2 database of this process: its own name, so two shops in one JVM (tests) do not share it,
     * kept while the JVM runs ({@code DB_CLOSE_DELAY=-1}) until {@link ProductDatabase#close()} shuts it down.
     */
    public static String embedded() {
        return "jdbc:h2:mem:demo-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    /** Whether the URL is an H2 in-memory database, which is gone when it is shut down. */
    static boolean inMemory(String url) {
        return url.startsWith("jdbc:h2:mem:");
    }

    /**
     * Checks a {@code --db} value: a JDBC URL that one of the demo's drivers accepts (H2, PostgreSQL).
     *
     * @throws IllegalArgumentException with the reason, the URL redacted; the caller names the flag
     */
    public static String check(String url) {
        if (!url.startsWith("jdbc:") || url.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("must be a JDBC URL without spaces, e.g."
                    + " jdbc:postgresql://127.0.0.1:5432/test?user=postgres, but was '" + redact(url) + "'");
        }
        try {
            DriverManager.getDriver(url);
        } catch (SQLException e) {
            throw new IllegalArgumentException("names a database the demo has no driver for: '" + redact(url)
                    + "'; it knows jdbc:postgresql://... and jdbc:h2:...");
        }
        return url;
    }

    /** The URL with any password (a {@code password=} parameter, or user-info before {@code @}) as {@code ****}. */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        Pattern param = url.startsWith("jdbc:postgresql:") ? PG_PASSWORD_PARAM : PASSWORD_PARAM;
        String out = param.matcher(url).replaceAll("$1****");
        return USER_INFO.matcher(out).replaceAll("//****@");
    }
}
