package io.outputcache.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
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
        store.close();
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
    void describeNeverShowsCredentials() {
        assertThat(store.describe()).doesNotContain("secret");
    }
}
