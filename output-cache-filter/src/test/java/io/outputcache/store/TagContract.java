package io.outputcache.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static io.outputcache.store.PageStoreContract.bytes;
import static io.outputcache.store.PageStoreContract.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The part of the store contract about tags that stay right: an entry stored again keeps its tags, and an entry
 * rendered while one of its tags was invalidated (or the store cleared) does not survive, however the calls
 * interleave. Run by every {@link PageStoreContract}.
 */
interface TagContract {

    /** The store under test. */
    PageStore store();

    /** Lets the store finish what it does in the background after a write (an in-process store's listeners). */
    void settle();

    @Test
    default void aKeyStoredAgainStaysUnderItsTags() {
        join(store().put("p:again", bytes("1"), Duration.ofMinutes(1), List.of("t")));
        join(store().put("p:again", bytes("2"), Duration.ofMinutes(1), List.of("t")));
        settle(); // a replaced entry's clean-up must not take the new entry out of its tags
        assertThat(join(store().invalidateTag("t"))).isEqualTo(1);
        assertThat(join(store().get("p:again"))).isNull();
    }

    @Test
    default void anEntryReplacedInGraceWithNewTagsAndLifetimeGoesWithItsNewTags() {
        // a refresh in grace stores the same key again, with the tags and TTL of the new render
        join(store().put("p:grace", bytes("old"), Duration.ofMillis(400), List.of("old-tag", "kept")));
        join(store().put("p:grace", bytes("new"), Duration.ofMinutes(2), List.of("kept", "new-tag")));
        settle();
        await().pollDelay(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5))
                .until(() -> java.util.Arrays.equals(join(store().get("p:grace")), bytes("new")));
        assertThat(join(store().invalidateTag("new-tag"))).isEqualTo(1);
        assertThat(join(store().get("p:grace"))).isNull();
        join(store().put("p:grace", bytes("newer"), Duration.ofMinutes(2), List.of("kept")));
        settle();
        assertThat(join(store().invalidateTag("kept"))).isEqualTo(1);
        assertThat(join(store().get("p:grace"))).isNull();
    }

    @Test
    default void putsAndInvalidationsAtTheSameTimeLeaveNothingStoredBeforeTheLastInvalidation() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            AtomicBoolean stop = new AtomicBoolean();
            List<Future<?>> work = List.of(pool.submit(() -> {
                int i = 0;
                while (!stop.get()) {
                    join(store().put("p:cp" + (i++ % 10), bytes("v"), Duration.ofMinutes(1), List.of("cp")));
                }
            }), pool.submit(() -> {
                while (!stop.get()) {
                    join(store().invalidateTag("cp"));
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
        join(store().invalidateTag("cp"));
        for (int i = 0; i < 10; i++) {
            assertThat(join(store().get("p:cp" + i))).as("p:cp" + i).isNull();
        }
    }

    @Test
    default void anEntryRenderedBeforeAnInvalidationOfItsTagIsNotKept() {
        long before = join(store().invalidationEpoch());
        join(store().invalidateTag("changed"));
        assertThat(join(store().put("p:late", bytes("old content"), Duration.ofMinutes(1), List.of("changed"), before)))
                .isFalse();
        assertThat(join(store().get("p:late"))).isNull();
        // rendered after the invalidation: kept, and still found by the tag
        long after = join(store().invalidationEpoch());
        assertThat(join(store().put("p:late", bytes("new content"), Duration.ofMinutes(1), List.of("changed"), after)))
                .isTrue();
        assertThat(join(store().get("p:late"))).isEqualTo(bytes("new content"));
        assertThat(join(store().invalidateTag("changed"))).isEqualTo(1);
    }

    @Test
    default void anInvalidationOfAnotherTagDoesNotWithdrawAnEntry() {
        long before = join(store().invalidationEpoch());
        join(store().invalidateTag("elsewhere"));
        assertThat(join(store().put("p:other", bytes("x"), Duration.ofMinutes(1), List.of("here"), before))).isTrue();
        assertThat(join(store().get("p:other"))).isEqualTo(bytes("x"));
    }

    @Test
    default void anEntryRenderedBeforeAClearIsNotKept() {
        long before = join(store().invalidationEpoch());
        join(store().clear());
        assertThat(join(store().put("p:cleared", bytes("old"), Duration.ofMinutes(1), List.of(), before))).isFalse();
        assertThat(join(store().get("p:cleared"))).isNull();
        assertThat(join(store().put("f:cleared", bytes("new"), Duration.ofMinutes(1), List.of(),
                join(store().invalidationEpoch())))).isTrue();
        assertThat(join(store().get("f:cleared"))).isEqualTo(bytes("new"));
    }

    @Test
    default void theEpochGrowsWithEveryInvalidationAndClear() {
        long first = join(store().invalidationEpoch());
        join(store().invalidateTag("a"));
        long second = join(store().invalidationEpoch());
        join(store().clear());
        assertThat(second).isGreaterThan(first);
        assertThat(join(store().invalidationEpoch())).isGreaterThan(second);
    }

    /**
     * The test of the issue: one thread stores pages of tag T whose content is a version of the data (each
     * "render" takes a little time, as renders do), the other changes the data and invalidates T in a tight loop.
     * For about three seconds, in rounds: each round ends by stopping the invalidations, letting the render under
     * way finish, and looking. Whatever is stored then holds content at least as new as the data at the last
     * invalidation, pages and fragments alike.
     */
    @Test
    default void underStoresAndInvalidationsOfOneTagNoEntryOutlivesTheInvalidationOfItsContent() throws Exception {
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
                        long epoch = join(store().invalidationEpoch()); // before the "application" reads its data
                        int version = data.get();
                        LockSupport.parkNanos(pause); // the render
                        String key = (i % 2 == 0 ? "p:" : "f:") + "v" + (i++ % 16);
                        boolean stayed = join(store().put(key, bytes(Integer.toString(version)),
                                Duration.ofMinutes(1), List.of("T", "other"), epoch));
                        (stayed ? kept : withdrawn).incrementAndGet();
                    }
                });
                Future<?> invalidations = pool.submit(() -> {
                    while (!stopInvalidations.get()) {
                        int changed = data.incrementAndGet();
                        join(store().invalidateTag("T"));
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
                    byte[] held = join(store().get(key));
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
