package io.outputcache;

/** An administrative operation (invalidate, clear) could not be completed, e.g. because Redis is unreachable. */
public class OutputCacheException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutputCacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
