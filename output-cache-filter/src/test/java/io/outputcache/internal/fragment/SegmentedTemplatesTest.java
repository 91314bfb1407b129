package io.outputcache.internal.fragment;

import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.http.HeaderMap;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SegmentedTemplates}: one compilation per page version, bounded by bytes rather than by count. */
class SegmentedTemplatesTest {

    private static CachedPage page(String key, long created, String etag) {
        return new CachedPage(key, 200, created, created + 60_000, created + 120_000, 0, etag, HeaderMap.empty(),
                false, new byte[0], 0, Set.of());
    }

    /** A page of incompressible text with one hole, so that its compiled form weighs about its size. */
    private static byte[] identity(int size, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder("<p>");
        while (text.length() < size) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return (text + HoleMarkers.marker("cart") + "</p>").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPageVersionIsCompiledOnceAndANewVersionAgain() {
        SegmentedTemplates templates = new SegmentedTemplates(1 << 20);
        byte[] identity = identity(2_000, 1);

        SegmentedGzip.Template first = templates.get(page("/a", 1, "\"x\""), identity);

        assertThat(templates.get(page("/a", 1, "\"x\""), identity)).isSameAs(first);
        assertThat(templates.get(page("/a", 2, "\"y\""), identity)).isNotSameAs(first);
        assertThat(first.holes()).containsExactly("cart");
    }

    @Test
    void theIdentityBytesFilledHeadersAndEtagStemAreWorkedOutOncePerVersion() throws java.io.IOException {
        SegmentedTemplates templates = new SegmentedTemplates(1 << 20);
        byte[] bytes = identity(500, 3);
        int[] reads = {0};
        SegmentedTemplates.Identity identity = () -> {
            reads[0]++;
            return bytes;
        };
        int[] worked = {0};
        java.util.function.Function<CachedPage, HeaderMap> headers = p -> {
            worked[0]++;
            return HeaderMap.builder().add("X-Version", Long.toString(p.createdMillis())).build();
        };

        SegmentedTemplates.Compiled first = templates.compiled(page("/a", 1, "\"x\""), identity, headers,
                HoleFilling::etagStem);
        SegmentedTemplates.Compiled again = templates.compiled(page("/a", 1, "\"x\""), identity, headers,
                HoleFilling::etagStem);
        SegmentedTemplates.Compiled next = templates.compiled(page("/a", 2, "\"y\""), identity, headers,
                HoleFilling::etagStem);

        assertThat(again).isSameAs(first);
        assertThat(worked[0]).isEqualTo(2);
        assertThat(reads[0]).as("a hit of a compiled version does not read (or inflate) the body").isEqualTo(2);
        assertThat(first.headers().first("x-version")).contains("1");
        assertThat(first.etagStem()).isEqualTo("\"x");
        assertThat(next.etagStem()).isEqualTo("\"y");
    }

    @Test
    void manyMorePagesThanTheOldCountBoundStayWhenTheirBytesFit() {
        SegmentedTemplates templates = new SegmentedTemplates(16L << 20);

        for (int i = 0; i < 1_000; i++) {
            templates.get(page("/p/" + i, 1, "\"" + i + "\""), identity(2_000, i));
        }

        assertThat(templates.size()).isEqualTo(1_000);
        SegmentedGzip.Template kept = templates.get(page("/p/0", 1, "\"0\""), identity(2_000, 0));
        assertThat(templates.get(page("/p/0", 1, "\"0\""), identity(2_000, 0))).isSameAs(kept);
    }

    @Test
    void theBoundIsKeptByEvictingTheLeastRecentlyUsed() {
        long bound = 40_000;
        SegmentedTemplates templates = new SegmentedTemplates(bound);
        SegmentedGzip.Template hot = templates.get(page("/hot", 1, "\"h\""), identity(4_000, 99));

        for (int i = 0; i < 50; i++) {
            templates.get(page("/p/" + i, 1, "\"" + i + "\""), identity(4_000, i));
            assertThat(templates.get(page("/hot", 1, "\"h\""), identity(4_000, 99))).isSameAs(hot); // used: stays
            assertThat(templates.bytes()).isLessThanOrEqualTo(bound);
        }
        assertThat(templates.size()).as("some were evicted, the hot one kept").isBetween(2, 50);
    }

    @Test
    void aPageLargerThanTheWholeBoundIsStillServedAndKeptAlone() {
        SegmentedTemplates templates = new SegmentedTemplates(1_000);

        SegmentedGzip.Template big = templates.get(page("/big", 1, "\"b\""), identity(5_000, 7));

        assertThat(big.parts()).hasSize(2);
        assertThat(templates.size()).isEqualTo(1);
    }
}
