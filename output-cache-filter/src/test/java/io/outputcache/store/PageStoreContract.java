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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** Lets the store finish what it does in the background after a write (an in-process store's listeners). */
    protected void settle() {
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

    @Test
    void aKeyStoredAgainStaysUnderItsTags() {
        join(store.put("p:again", bytes("1"), Duration.ofMinutes(1), List.of("t")));
        join(store.put("p:again", bytes("2"), Duration.ofMinutes(1), List.of("t")));
        settle(); // a replaced entry's clean-up must not take the new entry out of its tags
        assertThat(join(store.invalidateTag("t"))).isEqualTo(1);
        assertThat(join(store.get("p:again"))).isNull();
    }

    @Test
    void anEntryReplacedInGraceWithNewTagsAndLifetimeGoesWithItsNewTags() {
        // a refresh in grace stores the same key again, with the tags and TTL of the new render
        join(store.put("p:grace", bytes("old"), Duration.ofMillis(400), List.of("old-tag", "kept")));
        join(store.put("p:grace", bytes("new"), Duration.ofMinutes(2), List.of("kept", "new-tag")));
        settle();
        await().pollDelay(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5))
                .until(() -> java.util.Arrays.equals(join(store.get("p:grace")), bytes("new")));
        assertThat(join(store.invalidateTag("new-tag"))).isEqualTo(1);
        assertThat(join(store.get("p:grace"))).isNull();
        join(store.put("p:grace", bytes("newer"), Duration.ofMinutes(2), List.of("kept")));
        settle();
        assertThat(join(store.invalidateTag("kept"))).isEqualTo(1);
        assertThat(join(store.get("p:grace"))).isNull();
    }

    @Test
    void putsAndInvalidationsAtTheSameTimeLeaveNothingStoredBeforeTheLastInvalidation() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            AtomicBoolean stop = new AtomicBoolean();
            List<Future<?>> work = List.of(pool.submit(() -> {
                int i = 0;
                while (!stop.get()) {
                    join(store.put("p:cp" + (i++ % 10), bytes("v"), Duration.ofMinutes(1), List.of("cp")));
                }
            }), pool.submit(() -> {
                while (!stop.get()) {
                    join(store.invalidateTag("cp"));
                }
            }));
            Thread.sleep(500);
            stop.set(true);
            for (Future<?> f : work) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        settle();
        // the last put may have come after the last invalidation: one more finds whatever is there
        join(store.invalidateTag("cp"));
        for (int i = 0; i < 10; i++) {
            assertThat(join(store.get("p:cp" + i))).as("p:cp" + i).isNull();
        }
    }

    @Test
    void anEntryRenderedBeforeAnInvalidationOfItsTagIsNotKept() {
        long before = join(store.invalidationEpoch());
        join(store.invalidateTag("changed"));
        assertThat(join(store.put("p:late", bytes("old content"), Duration.ofMinutes(1), List.of("changed"), before)))
                .isFalse();
        assertThat(join(store.get("p:late"))).isNull();
        // rendered after the invalidation: kept, and still found by the tag
        long after = join(store.invalidationEpoch());
        assertThat(join(store.put("p:late", bytes("new content"), Duration.ofMinutes(1), List.of("changed"), after)))
                .isTrue();
        assertThat(join(store.get("p:late"))).isEqualTo(bytes("new content"));
        assertThat(join(store.invalidateTag("changed"))).isEqualTo(1);
    }

    @Test
    void anInvalidationOfAnotherTagDoesNotWithdrawAnEntry() {
        long before = join(store.invalidationEpoch());
        join(store.invalidateTag("elsewhere"));
        assertThat(join(store.put("p:other", bytes("x"), Duration.ofMinutes(1), List.of("here"), before))).isTrue();
        assertThat(join(store.get("p:other"))).isEqualTo(bytes("x"));
    }

    @Test
    void anEntryRenderedBeforeAClearIsNotKept() {
        long before = join(store.invalidationEpoch());
        join(store.clear());
        assertThat(join(store.put("p:cleared", bytes("old"), Duration.ofMinutes(1), List.of(), before))).isFalse();
        assertThat(join(store.get("p:cleared"))).isNull();
        assertThat(join(store.put("f:cleared", bytes("new"), Duration.ofMinutes(1), List.of(),
                join(store.invalidationEpoch())))).isTrue();
        assertThat(join(store.get("f:cleared"))).isEqualTo(bytes("new"));
    }

    @Test
    void theEpochGrowsWithEveryInvalidationAndClear() {
        long first = join(store.invalidationEpoch());
        join(store.invalidateTag("a"));
        long second = join(store.invalidationEpoch());
        join(store.clear());
        assertThat(second).isGreaterThan(first);
        assertThat(join(store.invalidationEpoch())).isGreaterThan(second);
    }

    /**
     * The test of the issue: one thread stores pages of tag T whose content is a version of the data (each
     * "render" takes a little time, as renders do), the other changes the data and invalidates T in a tight loop.
     * For about three seconds, in rounds: each round ends by stopping the invalidations, letting the render under
     * way finish, and looking. Whatever is stored then holds content at least as new as the data at the last
     * invalidation, pages and fragments alike.
     */
    @Test
    void underStoresAndInvalidationsOfOneTagNoEntryOutlivesTheInvalidationOfItsContent() throws Exception {
        AtomicInteger data = new AtomicInteger();
        AtomicInteger kept = new AtomicInteger();
        AtomicInteger withdrawn = new AtomicInteger();
        List<String> older = new ArrayList<>();
        int rounds = 0;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Random random = new Random(7);
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < end) {
                rounds++;
                AtomicBoolean stopRenders = new AtomicBoolean();
                AtomicBoolean stopInvalidations = new AtomicBoolean();
                AtomicInteger invalidatedAt = new AtomicInteger(-1);
                long pause = 200_000 + random.nextInt(300_000);
                Future<?> renders = pool.submit(() -> {
                    int i = 0;
                    while (!stopRenders.get()) {
                        long epoch = join(store.invalidationEpoch()); // before the "application" reads its data
                        int version = data.get();
                        java.util.concurrent.locks.LockSupport.parkNanos(pause); // the render
                        String key = (i % 2 == 0 ? "p:" : "f:") + "v" + (i++ % 16);
                        boolean stayed = join(store.put(key, bytes(Integer.toString(version)),
                                Duration.ofMinutes(1), List.of("T", "other"), epoch));
                        (stayed ? kept : withdrawn).incrementAndGet();
                    }
                });
                Future<?> invalidations = pool.submit(() -> {
                    while (!stopInvalidations.get()) {
                        int changed = data.incrementAndGet();
                        join(store.invalidateTag("T"));
                        invalidatedAt.set(changed);
                    }
                });
                Thread.sleep(100);
                stopInvalidations.set(true);
                invalidations.get(10, TimeUnit.SECONDS);
                stopRenders.set(true); // the render under way during the last invalidation still stores
                renders.get(10, TimeUnit.SECONDS);
                settle();
                int last = invalidatedAt.get();
                for (int i = 0; i < 16; i++) {
                    String key = (i % 2 == 0 ? "p:" : "f:") + "v" + i;
                    byte[] held = join(store.get(key));
                    if (held != null && Integer.parseInt(new String(held, StandardCharsets.UTF_8)) < last) {
                        older.add("round " + rounds + ": " + key + "=" + new String(held, StandardCharsets.UTF_8)
                                + " < " + last);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(older).as("entries older than the last invalidation (" + rounds + " rounds, "
                + withdrawn.get() + " puts withdrawn, " + kept.get() + " kept)").isEmpty();
        assertThat(kept.get()).as("puts kept").isPositive();
        assertThat(withdrawn.get()).as("puts withdrawn (the race happened)").isPositive();
    }
}
