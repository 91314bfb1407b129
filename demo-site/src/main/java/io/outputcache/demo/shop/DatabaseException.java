package io.outputcache.demo.shop;

/**
 * The product database did not answer (down, no free connection, a failed statement). The message names the
 * database by its redacted URL. Unlike the data cache, the database is the shop's truth: a page that needs it fails.
 */
public final class DatabaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
