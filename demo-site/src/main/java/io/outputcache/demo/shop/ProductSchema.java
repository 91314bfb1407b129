package io.outputcache.demo.shop;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The shop's tables, the same SQL on H2 and PostgreSQL: {@code demo_category} and {@code demo_product} (prices in
 * cents, a foreign key to the category, an index for the listings). {@link #ensure} creates what is missing and
 * fills an empty product table with the generated catalogue, in one transaction, so that several nodes started at
 * once against one database agree: the one that loses the race sees the other's rows and keeps them. Rows that are
 * already there are never overwritten, so a price changed on the admin page outlives a restart of every node.
 */
final class ProductSchema {
    static final String CATEGORY_TABLE = "demo_category";
    static final String PRODUCT_TABLE = "demo_product";

    private static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS " + CATEGORY_TABLE + " (slug VARCHAR(40) PRIMARY KEY,"
                    + " name VARCHAR(100) NOT NULL, tagline VARCHAR(200) NOT NULL, hue INTEGER NOT NULL)",
            "CREATE TABLE IF NOT EXISTS " + PRODUCT_TABLE + " (id INTEGER PRIMARY KEY,"
                    + " name VARCHAR(200) NOT NULL,"
                    + " category VARCHAR(40) NOT NULL REFERENCES " + CATEGORY_TABLE + " (slug),"
                    + " price_cents BIGINT NOT NULL CHECK (price_cents > 0), rating DOUBLE PRECISION NOT NULL,"
                    + " reviews INTEGER NOT NULL, stock INTEGER NOT NULL, description VARCHAR(1000) NOT NULL,"
                    + " hue INTEGER NOT NULL)",
            "CREATE INDEX IF NOT EXISTS " + PRODUCT_TABLE + "_category ON " + PRODUCT_TABLE + " (category)");

    /** Attempts at creating and seeding when another node does the same at the same moment. */
    private static final int ATTEMPTS = 5;

    private ProductSchema() {
    }

    /** Creates the tables if missing and seeds an empty product table; returns how many products there are. */
    static int ensure(Connection c, Catalog catalog) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return createAndSeed(c, catalog);
            } catch (SQLException e) {
                rollback(c);
                // Two nodes creating the same table or inserting the same rows at once: one wins (23505 unique
                // violation, 42P07 duplicate table on PostgreSQL; 42S01 / 23505 on H2). Try again: the next
                // attempt finds the winner's tables and rows.
                if (attempt >= ATTEMPTS || !isRace(e)) {
                    throw e;
                }
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static int createAndSeed(Connection c, Catalog catalog) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String ddl : DDL) {
                s.execute(ddl);
            }
        }
        c.commit();
        int count = count(c);
        if (count > 0) {
            c.commit();
            return count;
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + CATEGORY_TABLE
                + " (slug, name, tagline, hue) SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM " + CATEGORY_TABLE
                + " WHERE slug = ?)")) {
            for (Category cat : Catalog.categories()) {
                ins.setString(1, cat.slug());
                ins.setString(2, cat.name());
                ins.setString(3, cat.tagline());
                ins.setInt(4, cat.hue());
                ins.setString(5, cat.slug());
                ins.addBatch();
            }
            ins.executeBatch();
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + PRODUCT_TABLE
                + " (id, name, category, price_cents, rating, reviews, stock, description, hue)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Product p : catalog.products()) {
                ins.setInt(1, p.id());
                ins.setString(2, p.name());
                ins.setString(3, p.categorySlug());
                ins.setLong(4, p.priceCents());
                ins.setDouble(5, p.rating());
                ins.setInt(6, p.reviews());
                ins.setInt(7, p.stock());
                ins.setString(8, p.description());
                ins.setInt(9, p.hue());
                ins.addBatch();
            }
            ins.executeBatch();
        }
        c.commit();
        return catalog.products().size();
    }

    private static int count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + PRODUCT_TABLE)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static boolean isRace(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && List.of("23505", "42P07", "42S01", "40001", "40P01").contains(s.getSQLState())) {
                return true;
            }
            if (t instanceof java.sql.BatchUpdateException b && b.getNextException() != null
                    && b.getNextException() != t && isRace(b.getNextException())) {
                return true;
            }
        }
        return false;
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // The connection is broken; the caller sees the original error.
        }
    }
}
