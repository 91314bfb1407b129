package io.outputcache.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The behaviour every {@link PageStore} must have; each implementation runs it against the real thing. */
abstract class PageStoreContract {
    protected PageStore store;

    protected abstract PageStore create();

    @BeforeEach
    void open() {
        store = create();
    }

    @AfterEach
    void close() {
        if (store != null) { // null when the store could not be made (a topology skipped here)
            store.close();
        }
    }

    static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void absentKeyReadsAsNull() {
        assertThat(join(store.get("p:absent"))).isNull();
    }

    @Test
    void putThenGetReturnsTheSameBytes() {
        join(store.put("p:a", bytes("hello"), Duration.ofMinutes(1), List.of()));
        assertThat(join(store.get("p:a"))).isEqualTo(bytes("hello"));
    }

    @Test
    void entriesExpire() {
        join(store.put("p:short", bytes("x"), Duration.ofMillis(300), List.of()));
        await().atMost(Duration.ofSeconds(5)).until(() -> join(store.get("p:short")) == null);
    }

    @Test
    void getAllAnswersThePresentKeysOnlyWithTheirBytes() {
        join(store.put("f:one", bytes("1"), Duration.ofMinutes(1), List.of()));
        join(store.put("f:two", bytes("2"), Duration.ofMinutes(1), List.of()));
        join(store.put("p:three", bytes("3"), Duration.ofMinutes(1), List.of()));

        java.util.Map<String, byte[]> found = join(store.getAll(List.of("f:one", "f:absent", "p:three", "f:two")));

        assertThat(found).containsOnlyKeys("f:one", "f:two", "p:three");
        assertThat(found.get("f:one")).isEqualTo(bytes("1"));
        assertThat(found.get("f:two")).isEqualTo(bytes("2"));
        assertThat(found.get("p:three")).isEqualTo(bytes("3"));
    }

    @Test
    void getAllOfNothingOrOfAbsentKeysIsEmpty() {
        assertThat(join(store.getAll(List.of()))).isEmpty();
        assertThat(join(store.getAll(List.of("f:absent", "f:absent-too")))).isEmpty();
    }

    @Test
    void getAllOfManyKeysReturnsEveryOneEvenASkedTwice() {
        // On a cluster these land on every master and on many slots: one call must still find them all.
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            join(store.put("f:many" + i, bytes("v" + i), Duration.ofMinutes(1), List.of()));
            keys.add("f:many" + i);
        }
        keys.add("f:many0");

        java.util.Map<String, byte[]> found = join(store.getAll(keys));

        assertThat(found).hasSize(40);
        for (int i = 0; i < 40; i++) {
            assertThat(found.get("f:many" + i)).isEqualTo(bytes("v" + i));
        }
    }

    @Test
    void deleteRemovesOneEntry() {
        join(store.put("p:a", bytes("a"), Duration.ofMinutes(1), List.of()));
        join(store.put("p:b", bytes("b"), Duration.ofMinutes(1), List.of()));
        join(store.delete("p:a"));
        join(store.delete("p:never-there"));
        assertThat(join(store.get("p:a"))).isNull();
        assertThat(join(store.get("p:b"))).isNotNull();
    }

    @Test
    void invalidateTagRemovesEveryEntryUnderItAndOnlyThose() {
        join(store.put("p:1", bytes("1"), Duration.ofMinutes(1), List.of("product-1", "catalog")));
        join(store.put("f:2", bytes("2"), Duration.ofMinutes(1), List.of("catalog")));
        join(store.put("p:3", bytes("3"), Duration.ofMinutes(1), List.of("other")));
        assertThat(join(store.invalidateTag("catalog"))).isEqualTo(2);
        assertThat(join(store.get("p:1"))).isNull();
        assertThat(join(store.get("f:2"))).isNull();
        assertThat(join(store.get("p:3"))).isNotNull();
        assertThat(join(store.invalidateTag("catalog"))).isZero();
    }

    @Test
    void clearRemovesEverything() {
        join(store.put("p:1", bytes("1"), Duration.ofMinutes(1), List.of("t")));
        join(store.clear());
        assertThat(join(store.get("p:1"))).isNull();
        assertThat(join(store.invalidateTag("t"))).isZero();
    }

    @Test
    void leaseIsExclusiveUntilReleased() {
        assertThat(join(store.tryLease("l:k", "me", Duration.ofSeconds(30)))).isTrue();
        assertThat(join(store.tryLease("l:k", "you", Duration.ofSeconds(30)))).isFalse();
        join(store.releaseLease("l:k", "you")); // not the holder: no effect
        assertThat(join(store.tryLease("l:k", "you", Duration.ofSeconds(30)))).isFalse();
        join(store.releaseLease("l:k", "me"));
        assertThat(join(store.tryLease("l:k", "you", Duration.ofSeconds(30)))).isTrue();
        join(store.releaseLease("l:k", "you"));
    }

    @Test
    void leaseExpiresByItself() {
        assertThat(join(store.tryLease("l:e", "me", Duration.ofMillis(200)))).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> join(store.tryLease("l:e", "you", Duration.ofSeconds(1))));
        join(store.releaseLease("l:e", "you"));
    }

    @Test
    void anyBytesComeBackExactlyEvenLargeOnes() {
        byte[] every = new byte[256];
        for (int i = 0; i < every.length; i++) {
            every[i] = (byte) i;
        }
        byte[] large = new byte[512 * 1024];
        new Random(42).nextBytes(large);
        join(store.put("p:every", every, Duration.ofMinutes(1), List.of()));
        join(store.put("f:large", large, Duration.ofMinutes(1), List.of("big")));
        join(store.put("p:empty", new byte[0], Duration.ofMinutes(1), List.of()));
        assertThat(join(store.get("p:every"))).isEqualTo(every);
        assertThat(join(store.get("f:large"))).isEqualTo(large);
        assertThat(join(store.get("p:empty"))).isEmpty();
    }

    @Test
    void aSecondPutReplacesTheValueAndItsLifetime() {
        join(store.put("p:a", bytes("old"), Duration.ofMinutes(1), List.of()));
        join(store.put("p:a", bytes("new"), Duration.ofMillis(300), List.of()));
        assertThat(join(store.get("p:a"))).isEqualTo(bytes("new"));
        await().atMost(Duration.ofSeconds(5)).until(() -> join(store.get("p:a")) == null);
    }

    @Test
    void invalidatingATagRemovesEntriesStoredUnderManyKeys() {
        // many keys: on a cluster they hash to slots on every master
        for (int i = 0; i < 60; i++) {
            join(store.put("p:" + i, bytes("v" + i), Duration.ofMinutes(1), List.of("wide", "n" + i)));
        }
        assertThat(join(store.invalidateTag("wide"))).isEqualTo(60);
        for (int i = 0; i < 60; i++) {
            assertThat(join(store.get("p:" + i))).as("p:" + i).isNull();
        }
    }

    @Test
    void anEntryUnderSeveralTagsGoesWithAnyOfThem() {
        join(store.put("p:1", bytes("1"), Duration.ofMinutes(1), List.of("a", "b")));
        join(store.put("p:2", bytes("2"), Duration.ofMinutes(1), List.of("b")));
        assertThat(join(store.invalidateTag("a"))).isEqualTo(1);
        assertThat(join(store.get("p:1"))).isNull();
        assertThat(join(store.get("p:2"))).isNotNull();
        // the entry already gone is not counted again under its other tag
        assertThat(join(store.invalidateTag("b"))).isEqualTo(1);
        assertThat(join(store.get("p:2"))).isNull();
    }

    @Test
    void tagsAndKeysWithBracesColonsAndUnicodeAreJustNames() {
        // braces are a hash tag on Redis Cluster: a name that holds them must still be an ordinary name
        join(store.put("p:{x}", bytes("1"), Duration.ofMinutes(1), List.of("{shop}", "a:b", "caf\u00e9 \u2615")));
        join(store.put("p:{y}", bytes("2"), Duration.ofMinutes(1), List.of("{shop}")));
        assertThat(join(store.invalidateTag("caf\u00e9 \u2615"))).isEqualTo(1);
        assertThat(join(store.get("p:{x}"))).isNull();
        assertThat(join(store.invalidateTag("{shop}"))).isEqualTo(1);
        assertThat(join(store.get("p:{y}"))).isNull();
        assertThat(join(store.invalidateTag("a:b"))).isZero();
    }

    @Test
    void aTagStillReachesItsLongerLivedEntriesAfterAShorterOneExpires() {
        join(store.put("p:short", bytes("s"), Duration.ofMillis(300), List.of("t")));
        join(store.put("p:long", bytes("l"), Duration.ofMinutes(1), List.of("t")));
        await().atMost(Duration.ofSeconds(5)).until(() -> join(store.get("p:short")) == null);
        assertThat(join(store.invalidateTag("t"))).isEqualTo(1);
        assertThat(join(store.get("p:long"))).isNull();
    }

    @Test
    void clearRemovesEntriesLeasesAndTagsOfEveryKind() {
        for (int i = 0; i < 30; i++) {
            join(store.put((i % 2 == 0 ? "p:" : "f:") + i, bytes("v"), Duration.ofMinutes(1), List.of("t" + i)));
        }
        assertThat(join(store.tryLease("l:held", "me", Duration.ofMinutes(1)))).isTrue();
        join(store.clear());
        for (int i = 0; i < 30; i++) {
            assertThat(join(store.get((i % 2 == 0 ? "p:" : "f:") + i))).isNull();
            assertThat(join(store.invalidateTag("t" + i))).isZero();
        }
        assertThat(join(store.tryLease("l:held", "you", Duration.ofSeconds(30)))).isTrue();
        join(store.releaseLease("l:held", "you"));
    }

    @Test
    void leasesOnManyKeysAreIndependent() {
        for (int i = 0; i < 20; i++) {
            assertThat(join(store.tryLease("l:" + i, "me", Duration.ofSeconds(30)))).isTrue();
        }
        for (int i = 0; i < 20; i++) {
            assertThat(join(store.tryLease("l:" + i, "you", Duration.ofSeconds(30)))).isFalse();
            join(store.releaseLease("l:" + i, "me"));
        }
        for (int i = 0; i < 20; i++) {
            assertThat(join(store.tryLease("l:" + i, "you", Duration.ofSeconds(30)))).isTrue();
            join(store.releaseLease("l:" + i, "you"));
        }
    }

    @Test
    void onlyOneOfManyConcurrentCallersGetsALease() throws Exception {
        int callers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> tries = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String token = "caller-" + i;
                tries.add(pool.submit(() -> {
                    go.await();
                    return join(store.tryLease("l:race", token, Duration.ofSeconds(30)));
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> t : tries) {
                won += t.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        join(store.clear());
    }

    @Test
    void theNextReadAfterAWriteOrAnInvalidationSeesIt() {
        // A node that reads from somewhere the write has not reached yet (a replica) would serve a page just
        // invalidated, or miss one just stored: both must be seen by the very next read.
        int stale = 0;
        for (int i = 0; i < 300; i++) {
            join(store.put("p:rw", bytes("v" + i), Duration.ofMinutes(1), List.of("rw")));
            if (!java.util.Arrays.equals(join(store.get("p:rw")), bytes("v" + i))) {
                stale++;
            }
            if (i % 2 == 0) {
                join(store.delete("p:rw"));
            } else {
                join(store.invalidateTag("rw"));
            }
            if (join(store.get("p:rw")) != null) {
                stale++;
            }
        }
        assertThat(stale).as("reads that did not see the write or invalidation before them").isZero();
    }

    @Test
    void describeNeverShowsCredentials() {
        assertThat(store.describe()).doesNotContain("secret");
    }
}
