package io.outputcache.store;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryPageStoreTest extends PageStoreContract {
    @Override
    protected PageStore create() {
        return new InMemoryPageStore(1024 * 1024);
    }

    @Override
    public void settle() {
        // Caffeine runs removal listeners on its executor after the write: let them run before we look
        ((InMemoryPageStore) store).entriesCleanUp();
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void isBoundedByBytes() {
        InMemoryPageStore small = new InMemoryPageStore(64 * 1024);
        byte[] tenKiB = new byte[10 * 1024];
        for (int i = 0; i < 50; i++) {
            join(small.put("p:" + i, tenKiB, Duration.ofMinutes(1), List.of("all")));
        }
        small.entriesCleanUp();
        assertThat(small.weightedSize()).isLessThanOrEqualTo(64 * 1024);
        small.close();
    }
}
