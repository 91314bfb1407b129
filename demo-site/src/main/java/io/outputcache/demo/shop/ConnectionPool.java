package io.outputcache.demo.shop;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A tiny JDBC connection pool: at most {@code size} connections, opened when first needed and kept. The demo's
 * queries are short and few per page, so this is all it needs (no pool library: nothing to tune, nothing to
 * explain); a connection that failed a query and no longer answers {@link Connection#isValid} is dropped, and the
 * next borrower opens a fresh one, so the shop recovers from a database restart by itself.
 */
final class ConnectionPool implements AutoCloseable {
    /** How long a request waits for a free connection before its query fails. */
    static final long BORROW_TIMEOUT_MS = 5_000;

    /** One unit of work on a borrowed connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final String url;
    private final Semaphore permits;
    private final ArrayBlockingQueue<Connection> idle;
    private volatile boolean closed;

    ConnectionPool(String url, int size) {
        this.url = url;
        this.permits = new Semaphore(size, true);
        this.idle = new ArrayBlockingQueue<>(size);
    }

    /**
     * Runs the work on a connection in auto-commit mode and gives the connection back.
     *
     * @throws DatabaseException when no connection is free in time, none can be opened, or the work fails
     */
    <T> T withConnection(String what, Work<T> work) {
        acquire(what);
        Connection c = null;
        try {
            c = idle.poll();
            if (c == null) {
                c = DriverManager.getConnection(url);
            }
            T result = work.run(c);
            release(c);
            c = null;
            return result;
        } catch (SQLException e) {
            throw new DatabaseException(what + " failed at " + JdbcUrl.redact(url) + ": " + e.getMessage(), e);
        } finally {
            if (c != null) {
                discardOrKeep(c);
            }
            permits.release();
        }
    }

    private void acquire(String what) {
        try {
            if (!permits.tryAcquire(BORROW_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                throw new DatabaseException(what + ": no database connection was free within " + BORROW_TIMEOUT_MS
                        + " ms", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException(what + " was interrupted", e);
        }
    }

    /** A healthy connection goes back; one left in a transaction or broken is closed. */
    private void release(Connection c) throws SQLException {
        if (closed || !c.getAutoCommit() || !idle.offer(c)) {
            closeQuietly(c);
        }
    }

    /** After a failed query: keep the connection if it still answers (a constraint error), else drop it. */
    private void discardOrKeep(Connection c) {
        try {
            if (!closed && c.getAutoCommit() && c.isValid(1) && idle.offer(c)) {
                return;
            }
        } catch (SQLException e) {
            // Broken: closed below.
        }
        closeQuietly(c);
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // Nothing else to do with a connection we are dropping.
        }
    }
}
