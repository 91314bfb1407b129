package io.outputcache.internal.key;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DigestMemoTest {
    private final List<String> hashed = new ArrayList<>();
    private final DigestMemo memo = new DigestMemo(text -> {
        hashed.add(text);
        return "#" + text;
    });

    @Test
    void aTextKeyedAgainIsNotHashedAgain() {
        assertThat(memo.digest("v1r5:pages")).isEqualTo("#v1r5:pages");
        assertThat(memo.digest("v1r5:pages")).isEqualTo("#v1r5:pages");

        assertThat(hashed).containsExactly("v1r5:pages");
    }

    @Test
    void textsSharingASlotEachGetTheirOwnDigest() {
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode()); // the same slot

        assertThat(memo.digest("Aa")).isEqualTo("#Aa");
        assertThat(memo.digest("BB")).isEqualTo("#BB");
        assertThat(memo.digest("Aa")).isEqualTo("#Aa");

        assertThat(hashed).containsExactly("Aa", "BB", "Aa");
    }

    @Test
    void longTextsAreHashedEveryTimeSoTheMemoStaysSmall() {
        String long1 = "p".repeat(DigestMemo.MAX_TEXT + 1);

        memo.digest(long1);
        memo.digest(long1);

        assertThat(hashed).hasSize(2);
    }

    @Test
    void theKeysDigestIsTheSha256OfItsCanonicalText() {
        CacheKey first = CacheKey.of("v1r5:pagesp1:/", "/");
        CacheKey again = CacheKey.of("v1r5:pagesp1:/", "/");

        assertThat(first.hash()).isEqualTo(CacheKey.sha256("v1r5:pagesp1:/")).isEqualTo(again.hash()).hasSize(43);
    }
}
