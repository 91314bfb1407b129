package io.outputcache.internal.fragment;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrefetchMemoryTest {
    private static final PrefetchMemory.Page HOME = new PrefetchMemory.Page("http://shop:80 pages", "/");
    private static final PrefetchMemory.Page CART = new PrefetchMemory.Page("http://shop:80 pages", "/cart");
    private static final PrefetchMemory.Page OTHER_RULE = new PrefetchMemory.Page("http://shop:80 admin", "/admin");

    private final PrefetchMemory memory = new PrefetchMemory(8, 4);

    @Test
    void aPageNothingIsKnownOfReadsOnlyItsFirstKey() {
        assertThat(memory.plan(HOME, "f:header")).containsExactly("f:header");
    }

    @Test
    void aPageReadsWhatItAskedForLastTimeWithTheKeyAskedNowInFront() {
        memory.learn(HOME, List.of("f:header", "f:menu", "f:footer"));

        assertThat(memory.plan(HOME, "f:header")).containsExactly("f:header", "f:menu", "f:footer");
        // the first fragment changed (e.g. a banner came first): read it too, with the rest
        assertThat(memory.plan(HOME, "f:banner")).containsExactly("f:banner", "f:header", "f:menu", "f:footer");
    }

    @Test
    void aPageNeverSeenBorrowsWhatTheLastPageOfItsFamilyAskedFor() {
        memory.learn(HOME, List.of("f:header", "f:menu", "f:home-teaser"));

        assertThat(memory.plan(CART, "f:header")).containsExactly("f:header", "f:menu", "f:home-teaser");
    }

    @Test
    void aPageOfAnotherRuleOrHostBorrowsNothing() {
        memory.learn(HOME, List.of("f:header", "f:menu"));

        assertThat(memory.plan(OTHER_RULE, "f:header")).containsExactly("f:header");
        assertThat(memory.plan(new PrefetchMemory.Page("http://other:80 pages", "/"), "f:header"))
                .containsExactly("f:header");
    }

    @Test
    void aPagesOwnListWinsOverItsFamilys() {
        memory.learn(CART, List.of("f:header", "f:cart"));
        memory.learn(HOME, List.of("f:header", "f:menu"));

        assertThat(memory.plan(CART, "f:header")).containsExactly("f:header", "f:cart");
    }

    @Test
    void aKeyAskedForSeveralTimesIsReadOnce() {
        memory.learn(HOME, List.of("f:row", "f:row", "f:header", "f:row"));

        assertThat(memory.plan(HOME, "f:header")).containsExactly("f:header", "f:row");
    }

    @Test
    void aPageRemembersAtMostMaxKeysTheFirstItAskedFor() {
        memory.learn(HOME, List.of("f:1", "f:2", "f:3", "f:4", "f:5", "f:6"));

        assertThat(memory.plan(HOME, "f:1")).containsExactly("f:1", "f:2", "f:3", "f:4");
        assertThat(memory.plan(HOME, "f:new")).containsExactly("f:new", "f:1", "f:2", "f:3");
    }

    @Test
    void theLastListReplacesTheOneBefore() {
        memory.learn(HOME, List.of("f:header", "f:menu", "f:sale"));
        memory.learn(HOME, List.of("f:header", "f:menu"));

        assertThat(memory.plan(HOME, "f:header")).containsExactly("f:header", "f:menu");
    }

    @Test
    void aPageThatAskedForOneFragmentIsForgottenAsASingleReadIsAsCheap() {
        memory.learn(HOME, List.of("f:header", "f:menu"));
        memory.learn(HOME, List.of("f:header"));

        assertThat(memory.pages()).isZero();
        assertThat(memory.plan(OTHER_RULE, "f:header")).containsExactly("f:header");
    }

    @Test
    void theLeastRecentlyUsedPageGoesWhenTheBoundIsReached() {
        PrefetchMemory two = new PrefetchMemory(2, 4);
        PrefetchMemory.Page a = new PrefetchMemory.Page("shop", "/a");
        PrefetchMemory.Page b = new PrefetchMemory.Page("shop", "/b");
        PrefetchMemory.Page c = new PrefetchMemory.Page("shop", "/c");
        two.learn(a, List.of("f:a1", "f:a2"));
        two.learn(b, List.of("f:b1", "f:b2"));
        two.plan(a, "f:a1"); // a used again: b is now the least recently used
        two.learn(c, List.of("f:c1", "f:c2"));

        assertThat(two.pages()).isEqualTo(2);
        assertThat(two.plan(a, "f:a1")).containsExactly("f:a1", "f:a2");
        // b's own list is gone: it borrows its family's, the last one learned
        assertThat(two.plan(b, "f:b1")).containsExactly("f:b1", "f:c1", "f:c2");
        assertThat(two.plan(c, "f:c1")).containsExactly("f:c1", "f:c2");
    }

    @Test
    void boundsBelowWhatCanBeReadTogetherAreRefused() {
        assertThatThrownBy(() -> new PrefetchMemory(0, 4)).hasMessageContaining("at least 1 page");
        assertThatThrownBy(() -> new PrefetchMemory(4, 1)).hasMessageContaining("2 keys");
    }
}
