package io.outputcache.internal.http;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/** A lazy header map answers as the map of the same fields would, and asks its source only what it is asked. */
class LazyHeaderMapTest {

    /** Fields as a container keeps them, counting how often it is asked for them all. */
    private static final class Fields implements HeaderSource {
        private final List<String[]> fields = new ArrayList<>();
        private int copies;
        private boolean recycled;

        Fields add(String name, String value) {
            fields.add(new String[]{name, value});
            return this;
        }

        @Override
        public List<String> values(String name) {
            if (recycled) {
                throw new IllegalStateException("read after the request was answered");
            }
            return fields.stream().filter(f -> f[0].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                    .map(f -> f[1]).toList();
        }

        @Override
        public boolean containsAny(Set<String> lowerNames) {
            return fields.stream().anyMatch(f -> lowerNames.contains(f[0].toLowerCase(Locale.ROOT)));
        }

        @Override
        public void forEach(BiConsumer<String, String> field) {
            copies++;
            fields.forEach(f -> field.accept(f[0], f[1]));
        }
    }

    private final Fields fields = new Fields().add("Accept-Encoding", "gzip").add("Cookie", "a=1")
            .add("cookie", "b=2").add("X-Empty", "");

    @Test
    void namedLookupsAnswerWithoutCopyingTheFields() {
        HeaderMap lazy = HeaderMap.lazy(fields);

        assertThat(lazy.first("accept-encoding")).contains("gzip");
        assertThat(lazy.all("COOKIE")).containsExactly("a=1", "b=2");
        assertThat(lazy.joined("cookie")).contains("a=1, b=2");
        assertThat(lazy.contains("x-empty")).isTrue();
        assertThat(lazy.contains("authorization")).isFalse();
        assertThat(lazy.all("authorization")).isEmpty();
        assertThat(fields.copies).isZero();
    }

    @Test
    void anyOfSeveralNamesIsFoundWithoutCaseLikeEachOneAlone() {
        HeaderMap lazy = HeaderMap.lazy(fields);
        HeaderMap eager = HeaderMap.of("Accept-Encoding", "gzip", "Cookie", "a=1");

        for (HeaderMap map : List.of(lazy, eager)) {
            assertThat(map.containsAny(Set.of("x-forwarded-host", "cookie"))).isTrue();
            assertThat(map.containsAny(Set.of("x-forwarded-host", "forwarded"))).isFalse();
            assertThat(map.containsAny(Set.of())).isFalse();
        }
        assertThat(fields.copies).isZero();
    }

    @Test
    void readersOfEveryFieldSeeWhatTheEagerMapHolds() {
        HeaderMap lazy = HeaderMap.lazy(fields);
        HeaderMap eager = HeaderMap.of("Accept-Encoding", "gzip", "Cookie", "a=1", "cookie", "b=2", "X-Empty", "");

        assertThat(lazy.names()).containsExactlyElementsOf(eager.names());
        assertThat(lazy.spelling("cookie")).isEqualTo("Cookie");
        assertThat(lazy.isEmpty()).isFalse();
        assertThat(lazy.toBuilder().build().all("cookie")).containsExactly("a=1", "b=2");
        assertThat(lazy.toString()).isEqualTo(eager.toString());
        assertThat(fields.copies).as("one copy, whatever the number of readers").isEqualTo(1);
    }

    @Test
    void aSettledMapNoLongerReadsTheRequest() {
        RequestFacts facts = new RequestFacts("GET", "http", "shop", 80, "", "/", null, HeaderMap.lazy(fields));

        RequestFacts settled = facts.settled();
        fields.recycled = true;

        assertThat(settled.headers().all("cookie")).containsExactly("a=1", "b=2");
        assertThat(settled.headers().first("accept-encoding")).contains("gzip");
        assertThat(settled.settled()).isSameAs(settled);
    }

    @Test
    void aMapOfFieldsIsAlreadySettled() {
        HeaderMap eager = HeaderMap.of("Accept", "text/html");

        assertThat(eager.settled()).isSameAs(eager);
    }
}
