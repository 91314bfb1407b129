package io.outputcache.internal.purge;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PurgeOrderTest {

    private static Map<String, String[]> params(String... nameValues) {
        Map<String, String[]> map = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            String[] old = map.getOrDefault(nameValues[i], new String[0]);
            String[] next = java.util.Arrays.copyOf(old, old.length + 1);
            next[old.length] = nameValues[i + 1];
            map.put(nameValues[i], next);
        }
        return map;
    }

    @Test
    void tagsAndPathsAreRead() {
        PurgeOrder.Reading r = PurgeOrder.read(params("tag", "a", "tag", "b", "path", "/p/1", "path", "/s?q=x"));
        assertThat(r).isEqualTo(new PurgeOrder.Order(Set.of("a", "b"), Set.of("/p/1", "/s?q=x"), false));
    }

    @Test
    void allTrueRemovesEverything() {
        assertThat(PurgeOrder.read(params("all", "true"))).isEqualTo(new PurgeOrder.Order(Set.of(), Set.of(), true));
    }

    @Test
    void allMustBeTrueAndGivenOnce() {
        assertThat(PurgeOrder.read(params("all", "yes"))).isInstanceOf(PurgeOrder.Refused.class);
        assertThat(PurgeOrder.read(params("all", "true", "all", "true"))).isInstanceOf(PurgeOrder.Refused.class);
    }

    @Test
    void anOrderThatNamesNothingIsRefused() {
        assertThat(PurgeOrder.read(Map.of())).isEqualTo(new PurgeOrder.Refused(
                "nothing to purge: give tag=..., path=... or all=true"));
    }

    @Test
    void anUnknownParameterIsRefusedSoThatATypoRemovesNothing() {
        assertThat(PurgeOrder.read(params("tags", "a"))).isInstanceOf(PurgeOrder.Refused.class)
                .extracting(r -> ((PurgeOrder.Refused) r).reason()).asString().contains("'tags'");
    }

    @Test
    void aTokenInTheBodyIsNoParameterEither() {
        assertThat(PurgeOrder.read(params("tag", "a", "token", "s3cret"))).isInstanceOf(PurgeOrder.Refused.class);
    }

    @Test
    void badTagsAndPathsAreRefused() {
        assertThat(PurgeOrder.read(params("tag", "has space"))).isInstanceOf(PurgeOrder.Refused.class);
        assertThat(PurgeOrder.read(params("tag", ""))).isInstanceOf(PurgeOrder.Refused.class);
        assertThat(PurgeOrder.read(params("path", "relative"))).isInstanceOf(PurgeOrder.Refused.class);
        assertThat(PurgeOrder.read(params("path", "/a/%2F/b"))).isInstanceOf(PurgeOrder.Refused.class);
    }

    @Test
    void tooManyTargetsAreRefused() {
        String[] many = new String[2 * (PurgeOrder.MAX_TARGETS + 1)];
        for (int i = 0; i < PurgeOrder.MAX_TARGETS + 1; i++) {
            many[2 * i] = "tag";
            many[2 * i + 1] = "t" + i;
        }
        assertThat(PurgeOrder.read(params(many))).isInstanceOf(PurgeOrder.Refused.class);
    }

    @Test
    void aTokenInTheQueryStringIsRefusedByNameOrByTheHeaderName() {
        assertThat(PurgeOrder.tokenInQuery(Set.of("tag", "token"), "x-purge-token")).isPresent();
        assertThat(PurgeOrder.tokenInQuery(Set.of("X-Purge-Token"), "x-purge-token")).isPresent();
        assertThat(PurgeOrder.tokenInQuery(Set.of("key"), "key")).isPresent();
        assertThat(PurgeOrder.tokenInQuery(Set.of("tag", "path"), "x-purge-token")).isEmpty();
    }

    @Test
    void whatARefusalEchoesIsShortAndPrintable() {
        assertThat(PurgeOrder.shorten("a\nb" + "x".repeat(100))).hasSize(63).startsWith("a?b").endsWith("...");
    }
}
