package io.outputcache.internal.entry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Body transformations: gzip once at store time, gunzip for clients without gzip, and the content-hash ETag. */
public final class Bodies {
    private Bodies() {
    }

    public static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 4));
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    public static void gunzip(byte[] gzipped, OutputStream out) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped), 8192)) {
            in.transferTo(out);
        }
    }

    public static byte[] gunzip(byte[] gzipped) throws IOException {
        return gunzip(gzipped, gzipped.length * 4);
    }

    /** The gunzip of {@code gzipped} as one array, its buffer sized for the {@code identityLength} expected. */
    public static byte[] gunzip(byte[] gzipped, int identityLength) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(32, identityLength));
        gunzip(gzipped, out);
        return out.toByteArray();
    }

    /** A strong ETag from the content, the same on every node for the same bytes (RFC 9110 §8.8.3). */
    public static String etag(byte[] identityBody) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identityBody);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Whether a body of this media type gains from gzip: text, JSON, JavaScript, XML and SVG do; images, video,
     * archives and fonts are compressed already.
     */
    public static boolean isCompressible(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        int semi = type.indexOf(';');
        if (semi >= 0) {
            type = type.substring(0, semi);
        }
        type = type.trim();
        return type.startsWith("text/") || type.endsWith("+json") || type.endsWith("+xml")
                || type.equals("application/json") || type.equals("application/javascript")
                || type.equals("application/xml") || type.equals("application/xhtml+xml")
                || type.equals("image/svg+xml") || type.equals("application/ld+json")
                || type.equals("application/manifest+json");
    }
}
