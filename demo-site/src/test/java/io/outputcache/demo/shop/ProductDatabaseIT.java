package io.outputcache.demo.shop;

import io.outputcache.demo.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL of {@link ProductDatabase} answers exactly what the shop answered from its in-memory catalogue before:
 * every listing order (ties by id; names in Java's order, on PostgreSQL whatever the database's collation), the
 * search, the featured picks, and a price change. On the embedded H2 and on the development PostgreSQL (skipped
 * when it is not reachable, unless {@code OUTPUTCACHE_REQUIRE_ALL_TESTS=true}).
 */
class ProductDatabaseIT {
    private static final Catalog CATALOG = Catalog.generate(1000);

    private TestPostgres postgres;
    private ProductDatabase db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private ProductDatabase open(String where) {
        String url;
        if (where.equals("h2")) {
            url = JdbcUrl.embedded();
        } else {
            postgres = TestPostgres.newSchema();
            url = postgres.url();
        }
        db = ProductDatabase.open(url, CATALOG, 0);
        return db;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void everyListingOrderIsTheCataloguesOrder(String where) {
        ProductDatabase products = open(where);
        assertThat(products.productCount()).isEqualTo(1000);
        for (Category c : Catalog.categories()) {
            for (Sort sort : Sort.values()) {
                List<Integer> expected = CATALOG.products().stream().filter(p -> p.categorySlug().equals(c.slug()))
                        .sorted(sort.comparator()).map(Product::id).toList();
                assertThat(products.idsInCategory(c.slug(), sort)).as(c.slug() + " " + sort).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void searchFeaturedAndRowsAreTheCataloguesToo(String where) {
        ProductDatabase products = open(where);
        for (String q : List.of("oak", "classic steel", "coffee", "nordic linen", "100%", "a_b", "zzz")) {
            String[] words = q.split(" ");
            List<Integer> expected = CATALOG.products().stream().filter(p -> {
                String text = (p.name() + " " + p.categorySlug()).toLowerCase(Locale.ROOT);
                for (String w : words) {
                    if (!text.contains(w)) {
                        return false;
                    }
                }
                return true;
            }).sorted(Comparator.comparingDouble(Product::rating).reversed().thenComparingInt(Product::id))
                    .limit(48).map(Product::id).toList();
            assertThat(products.search(q, 48)).as(q).isEqualTo(expected);
        }
        List<Integer> featured = Catalog.categories().stream().map(c -> CATALOG.products().stream()
                .filter(p -> p.categorySlug().equals(c.slug())).sorted(Sort.RATING.comparator()).findFirst()
                .orElseThrow().id()).toList();
        assertThat(products.featured(1)).isEqualTo(featured);
        assertThat(products.findByIds(List.of(3, 99_999, 1))).containsExactly(CATALOG.products().get(2),
                CATALOG.products().get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aPriceChangeIsWrittenAndReadBack(String where) {
        ProductDatabase products = open(where);
        long queries = products.queries();
        assertThat(products.updatePrice(42, 123)).hasValueSatisfying(p -> assertThat(p.priceCents()).isEqualTo(123));
        assertThat(products.findByIds(List.of(42)).get(0).priceCents()).isEqualTo(123);
        assertThat(products.updatePrice(99_999, 123)).isEmpty();
        assertThat(products.queries()).isEqualTo(queries + 3);
    }
}
