package io.outputcache.demo.shop;

import io.outputcache.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache-aside race between two nodes, made to happen every time: node B misses, reads the old row, and before
 * it writes the row back to the data cache, node A changes the price and invalidates. B's late write must not land,
 * or every node would show the old price for the data TTL. On the Redis data store and on the in-process one.
 */
class ProductRepositoryIT {
    private ProductDatabase db;
    private DataStore store;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
        if (store != null) {
            store.close();
        }
    }

    /** A data store that runs {@code beforeFirstWrite} just before the first write-back reaches the real one. */
    private static DataStore racing(DataStore real, AtomicBoolean armed, Runnable beforeFirstWrite) {
        return (DataStore) java.lang.reflect.Proxy.newProxyInstance(DataStore.class.getClassLoader(),
                new Class<?>[] {DataStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("putHashes") && armed.getAndSet(false)) {
                        beforeFirstWrite.run();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "memory"})
    void aReaderThatLoadedBeforeAnotherNodesPriceChangeDoesNotPutTheOldPriceBack(String kind) {
        db = ProductDatabase.open(JdbcUrl.embedded(), Catalog.generate(100), 0);
        store = kind.equals("redis") ? new RedisDataStore(TestRedis.inspector(), "test", false) : new MemoryDataStore();
        String prefix = TestRedis.newPrefix();
        ProductRepository nodeA = new ProductRepository(db, store, prefix);
        long oldPrice = nodeA.product(7).orElseThrow().priceCents();
        nodeA.changePrice(7, oldPrice); // an invalidation first: a tombstone at version 1

        AtomicBoolean armed = new AtomicBoolean(true);
        ProductRepository nodeB = new ProductRepository(db, racing(store, armed, () -> nodeA.changePrice(7, 4242)),
                prefix);

        assertThat(nodeB.product(7).orElseThrow().priceCents()).as("B read the row before the change")
                .isEqualTo(oldPrice);
        assertThat(armed).isFalse();
        long queries = db.queries();
        assertThat(nodeA.product(7).orElseThrow().priceCents()).isEqualTo(4242);
        assertThat(nodeB.product(7).orElseThrow().priceCents()).isEqualTo(4242);
        assertThat(db.queries()).as("reloaded from the database once, then cached again").isEqualTo(queries + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "memory"})
    void aListingOrderLoadedBeforeAPriceChangeIsNotPutBackEither(String kind) {
        db = ProductDatabase.open(JdbcUrl.embedded(), Catalog.generate(100), 0);
        store = kind.equals("redis") ? new RedisDataStore(TestRedis.inspector(), "test", false) : new MemoryDataStore();
        String prefix = TestRedis.newPrefix();
        ProductRepository nodeA = new ProductRepository(db, store, prefix);
        Product p = nodeA.product(7).orElseThrow();
        List<Integer> before = nodeA.categoryIds(p.categorySlug(), Sort.PRICE_ASC);
        nodeA.changePrice(7, p.priceCents());

        AtomicBoolean armed = new AtomicBoolean(true);
        ProductRepository nodeB = new ProductRepository(db, racing(store, armed, () -> nodeA.changePrice(7, 1)),
                prefix);
        assertThat(nodeB.categoryIds(p.categorySlug(), Sort.PRICE_ASC)).isEqualTo(before);

        assertThat(nodeB.categoryIds(p.categorySlug(), Sort.PRICE_ASC).get(0)).as("cheapest first now").isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis", "memory"})
    void aWriteAtTheVersionItsReaderSawLandsAndAnInvalidationRaisesIt(String kind) {
        store = kind.equals("redis") ? new RedisDataStore(TestRedis.inspector(), "test", false) : new MemoryDataStore();
        String key = TestRedis.newPrefix() + ":d:x";
        Duration ttl = Duration.ofMinutes(1);
        store.putHashes(Map.of(key, Map.of("a", "1", DataStore.VERSION, "0")), ttl);
        assertThat(store.getHashes(List.of(key)).get(0)).containsEntry("a", "1");
        store.invalidate(List.of(key), ttl);
        assertThat(store.getHashes(List.of(key)).get(0)).containsExactly(Map.entry(DataStore.VERSION, "1"));
        store.putHashes(Map.of(key, Map.of("a", "stale", DataStore.VERSION, "0")), ttl);
        assertThat(store.getHashes(List.of(key)).get(0)).doesNotContainKey("a");
        store.putHashes(Map.of(key, Map.of("a", "2", DataStore.VERSION, "1")), ttl);
        assertThat(store.getHashes(List.of(key)).get(0)).containsEntry("a", "2").containsEntry(DataStore.VERSION, "1");
        store.invalidate(List.of(key), ttl);
        assertThat(store.getHashes(List.of(key)).get(0)).containsExactly(Map.entry(DataStore.VERSION, "2"));
    }
}
