package io.outputcache.internal.fragment;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The gzip form of a page with holes whose fills stay cheap (measured in {@code docs/benchmarks.md}): the static
 * parts between markers are compressed once, each ending on a byte boundary (a sync
 * flush of its own deflater, so no part refers back into another), and a response is those bytes with each fill
 * in between as a stored (uncompressed) deflate block, then a final empty block and the gzip trailer
 * (RFC 1951 §3.2.4, RFC 1952 §2.3).
 *
 * <p>The trailer's CRC-32 of the whole page is built without reading the static parts again:
 * {@code crc(A || B) = shift_len(B)(crc(A)) xor crc(B)} (the combination zlib's {@code crc32_combine} computes),
 * with the shift operator of each static part's length precomputed as a 32x32 bit matrix when the page is compiled,
 * and the CRC run over the (short) fills byte by byte.
 */
public final class SegmentedGzip {
    private static final byte[] OPEN = "<!--oc:hole:".getBytes(StandardCharsets.US_ASCII);
    private static final int[] TABLE = new int[256];
    /** Gzip member header: deflate, no flags, no time, no extra flags, unknown OS (RFC 1952 §2.3). */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    /** A final, empty stored block (RFC 1951 §3.2.4). */
    private static final byte[] TAIL = {1, 0, 0, (byte) 0xff, (byte) 0xff};
    private static final int STORED_HEADER = 5;
    private static final int MAX_STORED = 65535;

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
            }
            TABLE[n] = c;
        }
    }

    /** One static part: its deflate bytes (ending on a byte boundary), CRC, length and CRC shift operator. */
    record Part(byte[] deflated, int crc, int length, int[] shift) {
    }

    /**
     * A compiled page: parts and the hole names between them ({@code parts.size() == holes.size() + 1}), the
     * identity bytes of the parts together, and their deflate bytes together (so a response's size is known
     * before it is written and its array is allocated once, at its exact length).
     */
    public record Template(List<Part> parts, List<String> holes, int staticBytes, int deflatedBytes) {
        public Template {
            parts = List.copyOf(parts);
            holes = List.copyOf(holes);
        }

        Template(List<Part> parts, List<String> holes, int staticBytes) {
            this(parts, holes, staticBytes, parts.stream().mapToInt(p -> p.deflated().length).sum());
        }
    }

    private SegmentedGzip() {
    }

    /** Splits the identity bytes at the markers and compresses each static part once. */
    public static Template compile(byte[] identity, int level) {
        List<Part> parts = new ArrayList<>();
        List<String> holes = new ArrayList<>();
        int from = 0;
        int scan = 0;
        int statics = 0;
        while (true) {
            int at = indexOf(identity, scan);
            if (at < 0) {
                break;
            }
            int nameStart = at + OPEN.length;
            int close = closeOf(identity, nameStart);
            if (close < 0) {
                scan = nameStart;
                continue;
            }
            parts.add(part(identity, from, at, level));
            statics += at - from;
            holes.add(new String(identity, nameStart, close - nameStart, StandardCharsets.US_ASCII));
            from = close + 3;
            scan = from;
        }
        parts.add(part(identity, from, identity.length, level));
        statics += identity.length - from;
        return new Template(parts, holes, statics);
    }

    /** The gzip bytes of the page with each hole filled. */
    public static byte[] fill(Template template, Function<String, String> fill) {
        byte[][] fills = new byte[template.holes().size()][];
        for (int i = 0; i < fills.length; i++) {
            fills[i] = fill.apply(template.holes().get(i)).getBytes(StandardCharsets.UTF_8);
        }
        return fill(template, fills);
    }

    /**
     * The gzip bytes of the page with hole {@code i} filled with the UTF-8 bytes {@code fills[i]}: the compiled
     * parts copied once into an array of the exact length, each fill in stored blocks between them.
     */
    public static byte[] fill(Template template, byte[][] fills) {
        List<Part> parts = template.parts();
        int holes = template.holes().size();
        if (fills.length != holes) {
            throw new IllegalArgumentException(holes + " holes but " + fills.length + " fills");
        }
        long size = HEADER.length + template.deflatedBytes() + TAIL.length + 8L;
        for (byte[] f : fills) {
            size += f.length + STORED_HEADER * ((f.length + MAX_STORED - 1L) / MAX_STORED);
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a filled page of " + size + " bytes does not fit an array");
        }
        byte[] out = new byte[(int) size];
        System.arraycopy(HEADER, 0, out, 0, HEADER.length);
        int at = HEADER.length;
        int crc = 0;
        long total = 0;
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            byte[] deflated = part.deflated();
            System.arraycopy(deflated, 0, out, at, deflated.length);
            at += deflated.length;
            crc = apply(part.shift(), crc) ^ part.crc();
            total += part.length();
            if (i < holes) {
                byte[] f = fills[i];
                for (int off = 0; off < f.length; off += MAX_STORED) { // an empty fill needs no block
                    int len = Math.min(MAX_STORED, f.length - off);
                    out[at++] = 0; // BFINAL=0, BTYPE=00 (stored), padded: we are on a byte boundary
                    out[at++] = (byte) len;
                    out[at++] = (byte) (len >>> 8);
                    out[at++] = (byte) ~len;
                    out[at++] = (byte) (~len >>> 8);
                    System.arraycopy(f, off, out, at, len);
                    at += len;
                }
                crc = update(crc, f);
                total += f.length;
            }
        }
        System.arraycopy(TAIL, 0, out, at, TAIL.length); // final, empty stored block
        at += TAIL.length;
        at = writeIntLe(out, at, crc);
        writeIntLe(out, at, (int) total);
        return out;
    }

    private static Part part(byte[] body, int from, int to, int level) {
        Deflater deflater = new Deflater(level, true);
        try {
            deflater.setInput(body, from, to - from);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, (to - from) / 3));
            byte[] buf = new byte[8192];
            while (true) {
                int n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
                out.write(buf, 0, n);
                if (n < buf.length && deflater.needsInput()) {
                    break;
                }
            }
            CRC32 crc = new CRC32();
            crc.update(body, from, to - from);
            return new Part(out.toByteArray(), (int) crc.getValue(), to - from, shiftOperator(to - from));
        } finally {
            deflater.end();
        }
    }

    /** Continues a CRC-32 over more bytes (table-driven, reflected polynomial 0xEDB88320). */
    static int update(int crc, byte[] bytes) {
        int c = ~crc;
        for (byte b : bytes) {
            c = TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
        }
        return ~c;
    }

    /** The matrix that maps crc(A) to the CRC of A followed by {@code length} zero bytes (pre/post inversion aside). */
    static int[] shiftOperator(long length) {
        int[] result = identity();
        int[] square = oneZeroByte();
        long n = length;
        while (n > 0) {
            if ((n & 1) != 0) {
                result = multiply(square, result);
            }
            square = multiply(square, square);
            n >>>= 1;
        }
        return result;
    }

    private static int[] identity() {
        int[] m = new int[32];
        for (int i = 0; i < 32; i++) {
            m[i] = 1 << i;
        }
        return m;
    }

    /** Operator of one zero byte: eight single-bit steps of the CRC register. */
    private static int[] oneZeroByte() {
        int[] bit = new int[32];
        bit[0] = 0xedb88320;
        for (int i = 1; i < 32; i++) {
            bit[i] = 1 << (i - 1);
        }
        int[] m = bit;
        for (int i = 0; i < 3; i++) {
            m = multiply(m, m); // 2, 4, 8 bits
        }
        return m;
    }

    /** (a * b): apply b, then a; columns are the images of the basis vectors. */
    private static int[] multiply(int[] a, int[] b) {
        int[] m = new int[32];
        for (int i = 0; i < 32; i++) {
            m[i] = apply(a, b[i]);
        }
        return m;
    }

    private static int apply(int[] m, int vector) {
        int sum = 0;
        int v = vector;
        for (int i = 0; v != 0; i++, v >>>= 1) {
            if ((v & 1) != 0) {
                sum ^= m[i];
            }
        }
        return sum;
    }

    private static int writeIntLe(byte[] out, int at, int v) {
        out[at] = (byte) v;
        out[at + 1] = (byte) (v >>> 8);
        out[at + 2] = (byte) (v >>> 16);
        out[at + 3] = (byte) (v >>> 24);
        return at + 4;
    }

    private static int indexOf(byte[] body, int from) {
        outer:
        for (int i = from; i <= body.length - OPEN.length; i++) {
            for (int j = 0; j < OPEN.length; j++) {
                if (body[i + j] != OPEN[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Index of "-->" closing a valid name starting at {@code start}, else -1. */
    private static int closeOf(byte[] body, int start) {
        for (int j = start; j < Math.min(body.length - 2, start + 65); j++) {
            byte c = body[j];
            if (c == '-' && body[j + 1] == '-' && body[j + 2] == '>') {
                return j > start ? j : -1;
            }
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return -1;
            }
        }
        return -1;
    }
}
