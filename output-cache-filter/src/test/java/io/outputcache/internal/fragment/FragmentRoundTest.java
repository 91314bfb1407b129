package io.outputcache.internal.fragment;

import io.outputcache.internal.gateway.StoreCalls;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FragmentRoundTest {
    private final FragmentRound round = new FragmentRound("pages", "/product/7");

    @Test
    void thePageIsNamedByTheFirstLookupsOriginAndTheRule() {
        round.origin("https://shop:443");
        round.origin("http://other:80");

        assertThat(round.page())
                .isEqualTo(new PrefetchMemory.Page("https://shop:443 pages", "https://shop:443/product/7"));
    }

    @Test
    void eachAnswerOfTheSharedReadIsTakenOnceAndEveryAskIsRecorded() {
        assertThat(round.unread()).isTrue();
        round.read(List.of("f:a", "f:b"), Map.of("f:a", new StoreCalls.Absent(), "f:b", new StoreCalls.Unavailable()));

        assertThat(round.unread()).isFalse();
        assertThat(round.ask("f:a")).containsInstanceOf(StoreCalls.Absent.class);
        assertThat(round.ask("f:a")).as("a second lookup reads the store again").isEmpty();
        assertThat(round.ask("f:c")).as("not in the read").isEmpty();
        assertThat(round.ask("f:b")).containsInstanceOf(StoreCalls.Unavailable.class);
        assertThat(round.asked()).containsExactly("f:a", "f:a", "f:c", "f:b");
    }

    @Test
    void whileARenderIsStillAskingThePlannedKeysItHasNotAskedForAreKept() {
        round.read(List.of("f:header", "f:menu", "f:footer"), Map.of());
        round.ask("f:header");
        round.ask("f:new");

        assertThat(round.askedThenPlanned()).containsExactly("f:header", "f:new", "f:menu", "f:footer");
    }

    @Test
    void beforeTheReadNothingIsAnswered() {
        assertThat(round.ask("f:a")).isEmpty();
        assertThat(round.closed()).isFalse();
        round.close();
        assertThat(round.closed()).isTrue();
    }
}
