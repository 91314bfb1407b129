package io.outputcache.internal.entry;

import io.outputcache.internal.http.HeaderMap;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The stored form of a {@link CachedPage}: a compact binary format of our own, never Java serialisation.
 *
 * <pre>
 * magic 'O' 'C' | version u8 (1) | flags u8 (bit 0: body is gzip)
 * status u16 | created i64 | fresh-until i64 | stale-until i64 | initial-age i64
 * str canonical-key | str etag
 * u16 header-count, then str name, str value for each
 * u16 tag-count, then str tag for each
 * i32 identity-length | i32 CRC-32 of the body bytes | i32 body-length | body bytes
 * </pre>
 * {@code str} is an i32 byte length and UTF-8 bytes. The decoder checks every length against what is left and
 * demands that nothing is left over: any value that does not parse is reported as corrupt, never half-read.
 */
public final class EntryCodec {
    static final byte MAGIC_0 = 'O';
    static final byte MAGIC_1 = 'C';
    static final byte VERSION = 1;
    private static final int FLAG_GZIP = 1;
    private static final int MAX_FIELDS = 4096;

    private EntryCodec() {
    }

    public static byte[] encode(CachedPage page) {
        byte[] key = utf8(page.canonicalKey());
        byte[] etag = utf8(page.etag());
        List<byte[]> fields = new ArrayList<>();
        for (String name : page.headers().names()) {
            for (String value : page.headers().all(name)) {
                fields.add(utf8(page.headers().spelling(name)));
                fields.add(utf8(value));
            }
        }
        List<byte[]> tags = page.tags().stream().map(EntryCodec::utf8).toList();
        if (fields.size() / 2 > MAX_FIELDS || tags.size() > MAX_FIELDS) {
            throw new IllegalArgumentException("too many header fields or tags to store: " + fields.size() / 2
                    + "/" + tags.size());
        }
        int size = 4 + 2 + 8 * 4 + 4 + key.length + 4 + etag.length + 2 + 2 + 4 + 4 + 4 + page.body().length;
        for (byte[] f : fields) {
            size += 4 + f.length;
        }
        for (byte[] tag : tags) {
            size += 4 + tag.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(MAGIC_0).put(MAGIC_1).put(VERSION).put((byte) (page.gzip() ? FLAG_GZIP : 0));
        out.putShort((short) page.status());
        out.putLong(page.createdMillis()).putLong(page.freshUntilMillis()).putLong(page.staleUntilMillis())
                .putLong(page.initialAgeSeconds());
        putBytes(out, key);
        putBytes(out, etag);
        out.putShort((short) (fields.size() / 2));
        fields.forEach(f -> putBytes(out, f));
        out.putShort((short) tags.size());
        tags.forEach(tag -> putBytes(out, tag));
        out.putInt(page.identityLength());
        out.putInt(crc(page.body()));
        putBytes(out, page.body());
        return out.array();
    }

    /** The page, or empty when the bytes are not a well-formed entry of a version this code reads. */
    public static Optional<CachedPage> decode(byte[] bytes) {
        if (bytes == null || bytes.length < 4 || bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1 || bytes[2] != VERSION) {
            return Optional.empty();
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            in.position(3);
            int flags = in.get();
            if ((flags & ~FLAG_GZIP) != 0) {
                return Optional.empty();
            }
            int status = in.getShort() & 0xffff;
            if (status < 100 || status > 599) {
                return Optional.empty();
            }
            long created = in.getLong();
            long freshUntil = in.getLong();
            long staleUntil = in.getLong();
            long initialAge = in.getLong();
            if (freshUntil > staleUntil || initialAge < 0) {
                return Optional.empty();
            }
            String key = string(in);
            String etag = string(in);
            int headerCount = in.getShort() & 0xffff;
            if (headerCount > MAX_FIELDS) {
                return Optional.empty();
            }
            HeaderMap.Builder headers = HeaderMap.builder();
            for (int i = 0; i < headerCount; i++) {
                String name = string(in);
                String value = string(in);
                if (name.isEmpty()) {
                    return Optional.empty();
                }
                headers.add(name, value);
            }
            int tagCount = in.getShort() & 0xffff;
            if (tagCount > MAX_FIELDS) {
                return Optional.empty();
            }
            Set<String> tags = new LinkedHashSet<>();
            for (int i = 0; i < tagCount; i++) {
                tags.add(string(in));
            }
            int identityLength = in.getInt();
            int crc = in.getInt();
            byte[] body = bytes(in);
            if (identityLength < 0 || in.hasRemaining() || crc != crc(body)
                    || ((flags & FLAG_GZIP) == 0 && identityLength != body.length)) {
                return Optional.empty();
            }
            return Optional.of(new CachedPage(key, status, created, freshUntil, staleUntil, initialAge, etag,
                    headers.build(), (flags & FLAG_GZIP) != 0, body, identityLength, tags));
        } catch (BufferUnderflowException | CharacterCodingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void putBytes(ByteBuffer out, byte[] b) {
        out.putInt(b.length).put(b);
    }

    private static byte[] bytes(ByteBuffer in) {
        int len = in.getInt();
        if (len < 0 || len > in.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] b = new byte[len];
        in.get(b);
        return b;
    }

    private static String string(ByteBuffer in) throws CharacterCodingException {
        int len = in.getInt();
        if (len < 0 || len > in.remaining()) {
            throw new BufferUnderflowException();
        }
        ByteBuffer slice = in.slice().limit(len);
        in.position(in.position() + len);
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(slice).toString();
    }

    private static int crc(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return (int) crc.getValue();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
