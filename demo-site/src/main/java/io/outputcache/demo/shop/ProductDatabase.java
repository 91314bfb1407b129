package io.outputcache.demo.shop;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The shop's products in a SQL database over JDBC ({@link ProductSchema}): an in-memory H2 of this process by
 * default, or one shared by several nodes ({@code --db}, PostgreSQL). It is the truth the data cache and the output
 * cache copy. Every query is counted, and {@code --db-latency-ms} is added to each one (before a connection is
 * taken, as a slower network or a busier server would), so that what the caches save shows in numbers even on an
 * embedded database that answers in microseconds.
 */
public final class ProductDatabase implements AutoCloseable {
    /** Connections per node: the demo's queries are short, and the added latency is spent outside the pool. */
    static final int POOL_SIZE = 16;

    private static final String COLUMNS = "id, name, category, price_cents, rating, reviews, stock, description, hue";
    private static final String TABLE = ProductSchema.PRODUCT_TABLE;

    private final ConnectionPool pool;
    private final String url;
    private final long latencyMillis;
    private final LongAdder queries = new LongAdder();
    private final int productCount;
    private final String nameOrder;

    private ProductDatabase(ConnectionPool pool, String url, long latencyMillis, int productCount, String nameOrder) {
        this.pool = pool;
        this.url = url;
        this.latencyMillis = latencyMillis;
        this.productCount = productCount;
        this.nameOrder = nameOrder;
    }

    /**
     * Connects, creates the tables if missing and seeds them with the catalogue if empty.
     *
     * @throws DatabaseException naming the (redacted) URL when the database cannot be reached or set up
     */
    public static ProductDatabase open(String url, Catalog catalog, long latencyMillis) {
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("db latency must not be negative but was " + latencyMillis);
        }
        ConnectionPool pool = new ConnectionPool(url, POOL_SIZE);
        try {
            record Setup(int count, String nameOrder) {
            }
            Setup setup = pool.withConnection("setting up the product tables", c -> {
                int count = ProductSchema.ensure(c, catalog);
                return new Setup(count, nameOrder(c));
            });
            return new ProductDatabase(pool, url, latencyMillis, setup.count(), setup.nameOrder());
        } catch (RuntimeException e) {
            pool.close();
            throw new DatabaseException("cannot use the product database at " + JdbcUrl.redact(url) + ": "
                    + rootMessage(e), e);
        }
    }

    /**
     * Sorting by name the way Java's {@code String.compareTo} does, so that the listing's order is the same on
     * every database: PostgreSQL compares by the database's locale unless told {@code COLLATE "C"}; H2 compares
     * strings by code unit already.
     */
    private static String nameOrder(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres")
                ? "name COLLATE \"C\"" : "name";
    }

    /** Queries run so far. */
    public long queries() {
        return queries.sum();
    }

    /** Products in the table when the shop started (the catalogue's size unless the table was filled before). */
    public int productCount() {
        return productCount;
    }

    /** The JDBC URL with any password as {@code ****}, for the start-up line. */
    public String describe() {
        return JdbcUrl.redact(url);
    }

    /** One query for many rows ({@code WHERE id IN (...)}); missing ids are left out. */
    public List<Product> findByIds(List<Integer> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        Map<Integer, Product> byId = query("read " + ids.size() + " products", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE
                    + " WHERE id IN (" + marks + ")")) {
                for (int i = 0; i < ids.size(); i++) {
                    s.setInt(i + 1, ids.get(i));
                }
                Map<Integer, Product> m = new HashMap<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Product p = product(rs);
                        m.put(p.id(), p);
                    }
                }
                return m;
            }
        });
        List<Product> out = new ArrayList<>(ids.size());
        for (int id : ids) {
            Product p = byId.get(id);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** Ids of a category's products in the given order (ties by id, as {@link Sort} orders them). */
    public List<Integer> idsInCategory(String slug, Sort sort) {
        String order = switch (sort) {
            case POPULAR -> "reviews DESC";
            case PRICE_ASC -> "price_cents ASC";
            case PRICE_DESC -> "price_cents DESC";
            case RATING -> "rating DESC";
            case NAME -> nameOrder + " ASC";
        };
        return ids("list a category", "SELECT id FROM " + TABLE + " WHERE category = ? ORDER BY " + order + ", id",
                List.of(slug));
    }

    /** Ids of products whose name or category contains every word of the query, best rated first. */
    public List<Integer> search(String query, int limit) {
        String[] words = query.toLowerCase(Locale.ROOT).trim().split("\\s+");
        StringBuilder sql = new StringBuilder("SELECT id FROM " + TABLE + " WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        for (String w : words) {
            sql.append(" AND LOWER(name || ' ' || category) LIKE ? ESCAPE '!'");
            args.add("%" + w.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        sql.append(" ORDER BY rating DESC, id LIMIT ").append(Math.max(0, limit));
        return ids("search", sql.toString(), args);
    }

    /** The home page's picks: the best rated products of each category, in the catalogue's category order. */
    public List<Integer> featured(int perCategory) {
        Map<String, List<Integer>> byCategory = query("pick the featured products", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id, category FROM (SELECT id, category,"
                    + " ROW_NUMBER() OVER (PARTITION BY category ORDER BY rating DESC, id) AS rank_in_category"
                    + " FROM " + TABLE + ") ranked WHERE rank_in_category <= ? ORDER BY category, rank_in_category")) {
                s.setInt(1, perCategory);
                Map<String, List<Integer>> m = new HashMap<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        m.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(rs.getInt(1));
                    }
                }
                return m;
            }
        });
        List<Integer> ids = new ArrayList<>();
        for (Category cat : Catalog.categories()) {
            ids.addAll(byCategory.getOrDefault(cat.slug(), List.of()));
        }
        return ids;
    }

    /** An UPDATE of the price, then the changed row; empty when there is no such product. */
    public Optional<Product> updatePrice(int id, long cents) {
        return query("change the price of product " + id, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE " + TABLE + " SET price_cents = ? WHERE id = ?")) {
                s.setLong(1, cents);
                s.setInt(2, id);
                if (s.executeUpdate() == 0) {
                    return Optional.<Product>empty();
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE id = ?")) {
                s.setInt(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(product(rs)) : Optional.<Product>empty();
                }
            }
        });
    }

    /** Closes the connections; an embedded in-memory database is shut down with them (its data goes). */
    @Override
    public void close() {
        if (JdbcUrl.inMemory(url)) {
            try {
                pool.withConnection("shut down the embedded database", c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("SHUTDOWN");
                    }
                    return null;
                });
            } catch (DatabaseException e) {
                // Already gone; nothing else to free.
            }
        }
        pool.close();
    }

    private List<Integer> ids(String what, String sql, List<?> args) {
        return query(what, c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < args.size(); i++) {
                    s.setObject(i + 1, args.get(i));
                }
                List<Integer> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getInt(1));
                    }
                }
                return out;
            }
        });
    }

    private <T> T query(String what, ConnectionPool.Work<T> work) {
        queries.increment();
        if (latencyMillis > 0) {
            try {
                Thread.sleep(latencyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatabaseException("interrupted while querying the database", e);
            }
        }
        return pool.withConnection(what, work);
    }

    private static Product product(ResultSet rs) throws SQLException {
        return new Product(rs.getInt("id"), rs.getString("name"), rs.getString("category"),
                rs.getLong("price_cents"), rs.getDouble("rating"), rs.getInt("reviews"), rs.getInt("stock"),
                rs.getString("description"), rs.getInt("hue"));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return JdbcUrl.redact(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    }
}
