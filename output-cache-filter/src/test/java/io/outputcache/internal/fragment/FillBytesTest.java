package io.outputcache.internal.fragment;

import io.outputcache.internal.key.CacheKey;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link FillBytes}: each hole's bytes, the identity length, and an ETag suffix that earlier versions agree with. */
class FillBytesTest {

    /** The suffix as earlier versions computed it: one joined string, hashed whole. */
    private static String joinedSuffix(List<String> fills) {
        StringBuilder all = new StringBuilder();
        for (String fill : fills) {
            all.append(fill.length()).append(':').append(fill);
        }
        return "." + CacheKey.sha256(all.toString()).substring(0, 16) + "\"";
    }

    @Test
    void theSuffixIsTheOneTheJoinedStringGave() {
        List<List<String>> cases = List.of(List.of(), List.of(""), List.of("1", "2"), List.of("12", ""),
                List.of("<span>0</span>", "é-ß-€-\uD83D\uDE00", "x".repeat(70_000)));
        for (List<String> fills : cases) {
            FillBytes bytes = FillBytes.of(names(fills.size()), fillsByName(fills)::get);

            assertThat(bytes.etagSuffix()).as("bytes of %s", fills).isEqualTo(joinedSuffix(fills));
            assertThat(FillBytes.etagSuffix(fills)).as("text of %s", fills).isEqualTo(joinedSuffix(fills));
        }
    }

    @Test
    void anyChangeOfAFillOrOfWhereTheBoundaryFallsChangesTheSuffix() {
        assertThat(FillBytes.etagSuffix(List.of("1", "2"))).isNotEqualTo(FillBytes.etagSuffix(List.of("1", "3")))
                .isNotEqualTo(FillBytes.etagSuffix(List.of("12", "")))
                .isNotEqualTo(FillBytes.etagSuffix(List.of("", "12")));
    }

    @Test
    void repeatedHolesShareOneEncodingAndCountEveryOccurrence() {
        List<String> holes = List.of("count", "token", "token", "token");
        List<String> asked = new ArrayList<>();
        FillBytes bytes = FillBytes.of(holes, name -> {
            asked.add(name);
            return name.equals("count") ? "<b>é</b>" : "<i>t</i>";
        });

        assertThat(bytes.bytes()[1]).isSameAs(bytes.bytes()[2]).isSameAs(bytes.bytes()[3])
                .isEqualTo("<i>t</i>".getBytes(StandardCharsets.UTF_8));
        assertThat(bytes.bytes()[0]).isEqualTo("<b>é</b>".getBytes(StandardCharsets.UTF_8));
        assertThat(bytes.totalLength()).isEqualTo(9 + 3 * 8);
        assertThat(asked).as("the renderer is asked per occurrence; HoleFilling.once makes that one render")
                .hasSize(4);
    }

    @Test
    void aRendererThatAnswersANameDifferentlyGetsEachAnswerEncoded() {
        int[] calls = {0};
        FillBytes bytes = FillBytes.of(List.of("n", "n"), name -> "v" + calls[0]++);

        assertThat(new String(bytes.bytes()[0], StandardCharsets.UTF_8)).isEqualTo("v0");
        assertThat(new String(bytes.bytes()[1], StandardCharsets.UTF_8)).isEqualTo("v1");
        assertThat(bytes.etagSuffix()).isEqualTo(joinedSuffix(List.of("v0", "v1")));
    }

    private static List<String> names(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("h" + i);
        }
        return names;
    }

    private static Map<String, String> fillsByName(List<String> fills) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < fills.size(); i++) {
            map.put("h" + i, fills.get(i));
        }
        return map;
    }
}
