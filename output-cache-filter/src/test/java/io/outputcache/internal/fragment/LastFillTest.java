package io.outputcache.internal.fragment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link LastFill}: answers only for exactly the fills it was made from, and keeps the last one made. */
class LastFillTest {

    private static LastFill.Filled filled(String... texts) {
        return new LastFill.Filled(texts, new byte[] {1, 2, 3}, ".h\"", 3);
    }

    @Test
    void answersForEqualFillsOnly() {
        LastFill last = new LastFill();
        assertThat(last.find(new String[] {"", ""})).isNull();

        LastFill.Filled anonymous = filled("", "<input value=\"\">");
        last.remember(anonymous);

        assertThat(last.find(new String[] {"", "<input value=\"\">"})).isSameAs(anonymous);
        assertThat(last.find(new String[] {"", "<input value=\"x\">"})).isNull();
        assertThat(last.find(new String[] {""})).isNull();
        assertThat(last.find(new String[] {"<input value=\"\">", ""})).isNull();
    }

    @Test
    void keepsTheLastOneMade() {
        LastFill last = new LastFill();
        last.remember(filled("alice"));
        LastFill.Filled bob = filled("bob");
        last.remember(bob);

        assertThat(last.find(new String[] {"alice"})).isNull();
        assertThat(last.find(new String[] {"bob"})).isSameAs(bob);
    }
}
