package io.outputcache.internal.fragment;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentedGzipTest {
    private static final Function<String, String> FILL = name -> "<b>" + name + "-é-filled</b>";

    private static byte[] gunzip(byte[] gz) throws IOException {
        // GZIPInputStream checks the trailer: a wrong CRC-32 or length fails here
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    private static void roundTrip(String page) throws IOException {
        byte[] identity = page.getBytes(StandardCharsets.UTF_8);
        byte[] expected = HoleMarkers.fill(identity, FILL).body();
        byte[] gz = SegmentedGzip.fill(SegmentedGzip.compile(identity, Deflater.DEFAULT_COMPRESSION), FILL);
        assertThat(gunzip(gz)).isEqualTo(expected);
    }

    @Test
    void fillsGunzipToTheSameBytesAsAPlainFill() throws IOException {
        roundTrip("<p>head</p><!--oc:hole:a--><p>middle</p><!--oc:hole:b.c--><p>tail</p>");
        roundTrip("<!--oc:hole:a-->starts and ends with holes<!--oc:hole:b-->");
        roundTrip("no holes at all");
        roundTrip("");
        roundTrip("<!--oc:hole:bad name--> look-alikes <!--oc:hole:--> stay<!--oc:hole:ok-->");
    }

    @Test
    void largeRandomPageWithManyHoles() throws IOException {
        Random random = new Random(42);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            for (int j = 0; j < random.nextInt(400); j++) {
                sb.append((char) ('a' + random.nextInt(26)));
            }
            sb.append("<!--oc:hole:h").append(i % 7).append("-->");
        }
        roundTrip(sb.toString());
    }

    @Test
    void emptyAndLongFillsAndAnExactlySizedArray() throws IOException {
        byte[] identity = "<p>a</p><!--oc:hole:e--><p>b</p><!--oc:hole:big--><p>c</p>".getBytes(StandardCharsets.UTF_8);
        SegmentedGzip.Template template = SegmentedGzip.compile(identity, Deflater.DEFAULT_COMPRESSION);
        String big = "é".repeat(70_000); // 140,000 bytes: three stored blocks
        byte[][] fills = {new byte[0], big.getBytes(StandardCharsets.UTF_8)};

        byte[] gz = SegmentedGzip.fill(template, fills);

        String expected = "<p>a</p><p>b</p>" + big + "<p>c</p>";
        assertThat(gunzip(gz)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        CRC32 crc = new CRC32();
        crc.update(expected.getBytes(StandardCharsets.UTF_8));
        // the array ends with the trailer: no slack after it
        assertThat(le(gz, gz.length - 8)).isEqualTo((int) crc.getValue());
        assertThat(le(gz, gz.length - 4)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8).length);
        assertThat(template.deflatedBytes()).isEqualTo(
                template.parts().stream().mapToInt(p -> p.deflated().length).sum());
    }

    @Test
    void aFillForEveryHoleIsRequired() {
        SegmentedGzip.Template template = SegmentedGzip.compile(
                "a<!--oc:hole:x-->b".getBytes(StandardCharsets.UTF_8), Deflater.DEFAULT_COMPRESSION);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SegmentedGzip.fill(template, new byte[0][]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("1 holes but 0 fills");
    }

    private static int le(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    @Test
    void shiftOperatorCombinesCrcsLikeOneRun() {
        byte[] a = "first part".getBytes(StandardCharsets.UTF_8);
        byte[] b = "and the second, longer part of it".getBytes(StandardCharsets.UTF_8);
        CRC32 whole = new CRC32();
        whole.update(a);
        whole.update(b);
        int crcA = SegmentedGzip.update(0, a);
        CRC32 onlyB = new CRC32();
        onlyB.update(b);
        int combined = apply(SegmentedGzip.shiftOperator(b.length), crcA) ^ (int) onlyB.getValue();
        assertThat(combined).isEqualTo((int) whole.getValue());
        assertThat(SegmentedGzip.update(crcA, b)).isEqualTo((int) whole.getValue());
    }

    private static int apply(int[] m, int v) {
        int sum = 0;
        for (int i = 0; v != 0; i++, v >>>= 1) {
            if ((v & 1) != 0) {
                sum ^= m[i];
            }
        }
        return sum;
    }
}
