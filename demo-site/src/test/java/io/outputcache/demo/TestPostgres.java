package io.outputcache.demo;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The development PostgreSQL (127.0.0.1:5432, trust authentication, database {@code test}, user {@code postgres}
 * or {@code root}; {@code DEMO_TEST_POSTGRES_URL} overrides the server), with a schema of its own per test class so
 * that runs never see each other's tables. Skips the calling test with the reason when PostgreSQL does not answer,
 * unless {@code OUTPUTCACHE_REQUIRE_ALL_TESTS=true}, where it fails.
 */
public final class TestPostgres implements AutoCloseable {
    static final String REQUIRE_ALL = "OUTPUTCACHE_REQUIRE_ALL_TESTS";

    private final String serverUrl;
    private final String schema;

    private TestPostgres(String serverUrl, String schema) {
        this.serverUrl = serverUrl;
        this.schema = schema;
    }

    /** A fresh, empty schema on the test PostgreSQL; skips (or fails, in CI) when there is none. */
    public static TestPostgres newSchema() {
        List<String> tried = new ArrayList<>();
        String env = System.getenv("DEMO_TEST_POSTGRES_URL");
        List<String> candidates = env != null && !env.isBlank() ? List.of(env)
                : List.of("jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
                "jdbc:postgresql://127.0.0.1:5432/test?user=root");
        for (String url : candidates) {
            String schema = "demo_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            try (Connection c = DriverManager.getConnection(url + "&connectTimeout=3");
                 Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
                return new TestPostgres(url, schema);
            } catch (SQLException e) {
                tried.add(url + " (" + e.getMessage() + ")");
            }
        }
        String why = "PostgreSQL is not reachable for the two-node demo test: tried " + tried;
        if ("true".equals(System.getenv(REQUIRE_ALL))) {
            fail(REQUIRE_ALL + "=true but " + why);
        }
        Assumptions.abort(why);
        throw new AssertionError("unreachable");
    }

    /** The JDBC URL a demo node is given: the test database, with this schema first on the search path. */
    public String url() {
        return serverUrl + "&currentSchema=" + schema;
    }

    /** Runs one statement in the schema, for a test to look at or change rows behind the demo's back. */
    public long update(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    public long queryLong(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement();
             var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            // Left behind for a later clean-up; its name says where it came from.
        }
    }
}
