package io.outputcache.bench;

import io.outputcache.internal.entry.Bodies;
import io.outputcache.internal.fragment.HoleMarkers;
import io.outputcache.internal.fragment.SegmentedGzip;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * What a hole costs per response for a 20 KB product page with two holes (cart count in the header, CSRF
 * token in the add-to-cart form), by way of storing the page:
 * <ul>
 * <li>{@code fill}: scan and copy of the stored identity bytes (what a client without gzip costs);</li>
 * <li>{@code fillThenGzip1}: fill, then gzip at level 1 for the client;</li>
 * <li>{@code fillThenGzip6}: the same at the default level 6, as the page store compresses;</li>
 * <li>{@code storedGzipGunzipFillGzip1}: the alternative of keeping the page gzip-compressed in the store
 *     (smaller entry) and inflating it on every response;</li>
 * <li>{@code segmentedGzip}: the page stored as separately compressed static parts ({@code SegmentedGzip}); a
 *     response is the parts with the fills between them as stored blocks and a combined CRC-32: nothing is
 *     compressed per response (chosen: {@code SegmentedGzip});</li>
 * <li>{@code noHolesStoredGzip}: the baseline, a page without holes, whose stored gzip bytes are sent as they are
 *     (a copy).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HoleFillBench {
    private byte[] identity;
    private byte[] storedGzip;
    private SegmentedGzip.Template segmented;
    private final Function<String, String> fills = name -> name.equals("cartCount")
            ? "<span class=\"cart-count\">3</span>"
            : "<input type=\"hidden\" name=\"csrf\" value=\"q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6\">";

    @Setup
    public void setUp() {
        identity = page20k().getBytes(StandardCharsets.UTF_8);
        storedGzip = Bodies.gzip(identity);
        segmented = SegmentedGzip.compile(identity, Deflater.DEFAULT_COMPRESSION);
        if (HoleMarkers.names(identity).size() != 2) {
            throw new IllegalStateException("the page must hold two holes");
        }
    }

    static String page20k() {
        StringBuilder sb = new StringBuilder(21_000);
        sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Trail shoe 42 | Redis Outfitters"
                + "</title><link rel=\"stylesheet\" href=\"/css/site.css\"></head><body><header><a class=\"logo\" href=\"/\">"
                + "Redis Outfitters</a><nav><ul>");
        for (int i = 0; i < 12; i++) {
            sb.append("<li><a href=\"/c/cat-").append(i).append("?page=1&amp;sort=popular\">Category ").append(i)
                    .append("</a></li>");
        }
        sb.append("</ul></nav><a class=\"cart\" href=\"/cart\">Cart <!--oc:hole:cartCount--></a></header><main>");
        sb.append("<h1>Trail shoe 42</h1><p class=\"price\">89.90 EUR</p><form method=\"post\" action=\"/cart/add\">"
                + "<input type=\"hidden\" name=\"product\" value=\"42\"><!--oc:hole:csrf--><button>Add to cart</button>"
                + "</form><section class=\"related\">");
        int n = 0;
        while (sb.length() < 19_500) {
            sb.append("<article class=\"card\"><a href=\"/p/").append(100 + n).append("\"><img src=\"/img/p/")
                    .append(100 + n).append(".webp\" alt=\"Product ").append(100 + n).append("\" loading=\"lazy\">")
                    .append("<h3>Product ").append(100 + n).append(" in colour ").append(n % 7)
                    .append("</h3></a><p>").append(19 + (n * 37) % 180).append(".90 EUR &middot; ")
                    .append((n * 13) % 5 + 1).append(" stars, ").append((n * 31) % 400).append(" reviews</p></article>");
            n++;
        }
        sb.append("</section></main><footer>&copy; Redis Outfitters &middot; <a href=\"/imprint\">Imprint</a></footer>"
                + "</body></html>");
        return sb.toString();
    }

    @Benchmark
    public byte[] fill() {
        return HoleMarkers.fill(identity, fills).body();
    }

    @Benchmark
    public byte[] fillThenGzip1() {
        return gzip(HoleMarkers.fill(identity, fills).body(), Deflater.BEST_SPEED);
    }

    @Benchmark
    public byte[] fillThenGzip6() {
        return Bodies.gzip(HoleMarkers.fill(identity, fills).body());
    }

    @Benchmark
    public byte[] storedGzipGunzipFillGzip1() throws IOException {
        byte[] inflated = Bodies.gunzip(storedGzip);
        return gzip(HoleMarkers.fill(inflated, fills).body(), Deflater.BEST_SPEED);
    }

    @Benchmark
    public byte[] segmentedGzip() {
        return SegmentedGzip.fill(segmented, fills);
    }

    @Benchmark
    public byte[] noHolesStoredGzip() {
        return storedGzip.clone();
    }

    /** Sizes, for the docs: identity, stored gzip, level-1 gzip of the filled page. */
    public static void main(String[] args) {
        HoleFillBench b = new HoleFillBench();
        b.setUp();
        System.out.println("identity=" + b.identity.length + " gzip6=" + b.storedGzip.length + " gzip1="
                + b.fillThenGzip1().length + " segmented=" + b.segmentedGzip().length);
    }

    /**
     * gzip (RFC 1952) at the given level, as a response would compress a filled page itself; level 1 costs a
     * fraction of level 6 and loses a few percent of size.
     */
    static byte[] gzip(byte[] body, int level) {
        Deflater deflater = new Deflater(level, true);
        try {
            deflater.setInput(body);
            deflater.finish();
            byte[] out = new byte[body.length / 2 + 64];
            out[0] = 0x1f;
            out[1] = (byte) 0x8b;
            out[2] = 8; // deflate
            out[9] = (byte) 0xff; // OS unknown; flags, mtime and extra flags stay 0
            int n = 10;
            while (!deflater.finished()) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                n += deflater.deflate(out, n, out.length - n);
            }
            CRC32 crc = new CRC32();
            crc.update(body);
            if (n + 8 > out.length) {
                out = Arrays.copyOf(out, n + 8);
            }
            putIntLe(out, n, (int) crc.getValue());
            putIntLe(out, n + 4, body.length);
            return Arrays.copyOf(out, n + 8);
        } finally {
            deflater.end();
        }
    }

    private static void putIntLe(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }
}
