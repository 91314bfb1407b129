package io.outputcache.internal.key;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TextMemoTest {
    private final List<String> hashed = new ArrayList<>();
    private final TextMemo<String> memo = new TextMemo<>(text -> {
        hashed.add(text);
        return "#" + text;
    });

    @Test
    void aTextKeyedAgainIsNotHashedAgain() {
        assertThat(memo.apply("v1r5:pages")).isEqualTo("#v1r5:pages");
        assertThat(memo.apply("v1r5:pages")).isEqualTo("#v1r5:pages");

        assertThat(hashed).containsExactly("v1r5:pages");
    }

    @Test
    void textsSharingASlotEachGetTheirOwnDigest() {
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode()); // the same slot

        assertThat(memo.apply("Aa")).isEqualTo("#Aa");
        assertThat(memo.apply("BB")).isEqualTo("#BB");
        assertThat(memo.apply("Aa")).isEqualTo("#Aa");

        assertThat(hashed).containsExactly("Aa", "BB", "Aa");
    }

    @Test
    void aNullResultIsRememberedLikeAnyOther() {
        TextMemo<String> refusing = new TextMemo<>(text -> {
            hashed.add(text);
            return null;
        });

        assertThat(refusing.apply("/a/%2F")).isNull();
        assertThat(refusing.apply("/a/%2F")).isNull();

        assertThat(hashed).containsExactly("/a/%2F");
    }

    @Test
    void longTextsAreHashedEveryTimeSoTheMemoStaysSmall() {
        String long1 = "p".repeat(TextMemo.MAX_TEXT + 1);

        memo.apply(long1);
        memo.apply(long1);

        assertThat(hashed).hasSize(2);
    }

    @Test
    void theKeysDigestIsTheSha256OfItsCanonicalText() {
        CacheKey first = CacheKey.of("v1r5:pagesp1:/", "/");
        CacheKey again = CacheKey.of("v1r5:pagesp1:/", "/");

        assertThat(first.hash()).isEqualTo(CacheKey.sha256("v1r5:pagesp1:/")).isEqualTo(again.hash()).hasSize(43);
    }
}
