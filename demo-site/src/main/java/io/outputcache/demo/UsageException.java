package io.outputcache.demo;

/** A command-line mistake: printed as one line, and the program exits with status 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
