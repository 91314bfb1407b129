package io.outputcache.internal.config;

import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderTagsTest {

    @Test
    void spaceSeparatedTagsAsSurrogateKeyAndXkeyWriteThem() {
        assertThat(HeaderTags.parse("product-42 category-shoes").tags())
                .containsExactly("product-42", "category-shoes");
    }

    @Test
    void commaSeparatedTagsAsCacheTagWritesThem() {
        assertThat(HeaderTags.parse("a,b, c ,d").tags()).containsExactly("a", "b", "c", "d");
    }

    @Test
    void tabsRunsOfSeparatorsAndDuplicatesCollapse() {
        HeaderTags.Parsed parsed = HeaderTags.parse("  a\t\tb ,, a  ");
        assertThat(parsed.tags()).containsExactly("a", "b");
        assertThat(parsed.rejected()).isEmpty();
    }

    @Test
    void anEmptyOrMissingValueHasNoTags() {
        assertThat(HeaderTags.parse("").tags()).isEmpty();
        assertThat(HeaderTags.parse(" , ").tags()).isEmpty();
        assertThat(HeaderTags.parse(null).tags()).isEmpty();
    }

    @Test
    void anInvalidTagIsSetAsideAndTheOthersKept() {
        String tooLong = "x".repeat(201);
        HeaderTags.Parsed parsed = HeaderTags.parse("good " + tooLong + " bad\u0001tag fine");
        assertThat(parsed.tags()).containsExactly("good", "fine");
        assertThat(parsed.rejected()).containsExactly(tooLong, "bad\u0001tag");
    }

    @Test
    void tagsBeyondTheLimitAreSetAside() {
        String value = IntStream.rangeClosed(1, HeaderTags.MAX_TAGS + 2).mapToObj(i -> "t" + i)
                .collect(Collectors.joining(" "));
        HeaderTags.Parsed parsed = HeaderTags.parse(value + " t1");
        assertThat(parsed.tags()).hasSize(HeaderTags.MAX_TAGS).startsWith("t1");
        assertThat(parsed.rejected()).containsExactly("t" + (HeaderTags.MAX_TAGS + 1), "t" + (HeaderTags.MAX_TAGS + 2));
    }
}
