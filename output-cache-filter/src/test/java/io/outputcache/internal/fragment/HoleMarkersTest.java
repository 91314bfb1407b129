package io.outputcache.internal.fragment;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HoleMarkersTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void fillsEveryWellFormedMarkerInOrder() {
        HoleMarkers.Filled filled = HoleMarkers.fill(utf8("a<!--oc:hole:x-->b<!--oc:hole:y.z-->c<!--oc:hole:x-->"),
                name -> "[" + name + "]");
        assertThat(new String(filled.body(), StandardCharsets.UTF_8)).isEqualTo("a[x]b[y.z]c[x]");
        assertThat(filled.fills()).containsExactly("[x]", "[y.z]", "[x]");
    }

    @Test
    void leavesLookAlikesUntouched() {
        String text = "<!--oc:hole:--> <!--oc:hole:bad name--> <!--oc:hole:unclosed <!-- other -->";
        HoleMarkers.Filled filled = HoleMarkers.fill(utf8(text), name -> "X");
        assertThat(new String(filled.body(), StandardCharsets.UTF_8)).isEqualTo(text);
        assertThat(filled.fills()).isEmpty();
        assertThat(HoleMarkers.names(utf8(text))).isEmpty();
    }

    @Test
    void bodyWithoutMarkersIsReturnedAsIs() {
        byte[] body = utf8("<p>no holes</p>");
        assertThat(HoleMarkers.fill(body, name -> "X").body()).isSameAs(body);
    }

    @Test
    void fillsMultiByteContentAroundMarkers() {
        HoleMarkers.Filled filled = HoleMarkers.fill(utf8("é<!--oc:hole:n-->ü"), name -> "ß");
        assertThat(new String(filled.body(), StandardCharsets.UTF_8)).isEqualTo("éßü");
    }

    @Test
    void stringAndByteScansAgree() {
        String text = "x<!--oc:hole:a-->y<!--oc:hole:b-c-->z<!--oc:hole:a-->";
        Set<String> seenByStringScan = new LinkedHashSet<>();
        HoleMarkers.fill(text, n -> {
            seenByStringScan.add(n);
            return "";
        });
        assertThat(seenByStringScan).containsExactly("a", "b-c");
        assertThat(HoleMarkers.names(utf8(text))).containsExactly("a", "b-c");
        assertThat(HoleMarkers.fill(text, n -> n.toUpperCase())).isEqualTo("xAyB-CzA");
    }

    @Test
    void filledEtagChangesWithAnyFillAndKeepsTheStoredTagAsItsStem() {
        String a = HoleFilling.filledEtag("\"abc\"", new HoleMarkers.Filled(new byte[0], List.of("1", "2")));
        String b = HoleFilling.filledEtag("\"abc\"", new HoleMarkers.Filled(new byte[0], List.of("1", "3")));
        String c = HoleFilling.filledEtag("\"abc\"", new HoleMarkers.Filled(new byte[0], List.of("12", "")));
        assertThat(a).startsWith("\"abc.").endsWith("\"");
        assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
        assertThat(HoleFilling.filledEtag("\"abc\"", new HoleMarkers.Filled(new byte[0], List.of("1", "2")))).isEqualTo(a);
    }
}
