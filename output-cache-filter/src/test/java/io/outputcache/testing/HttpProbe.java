package io.outputcache.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A raw HTTP/1.1 client for tests: sends exactly the request it is given (any Host, any path, bodies on GET) and
 * returns the bytes as received (no automatic decompression), one connection per request.
 */
public final class HttpProbe {
    private final String host;
    private final int port;

    public HttpProbe(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** A GET with these extra header lines ("Name: value"); Host is 127.0.0.1 unless given. */
    public Response get(String target, String... headerLines) {
        return request("GET", target, null, headerLines);
    }

    public Response head(String target, String... headerLines) {
        return request("HEAD", target, null, headerLines);
    }

    public Response request(String method, String target, byte[] body, String... headerLines) {
        StringBuilder req = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        boolean hasHost = false;
        for (String h : headerLines) {
            hasHost |= h.toLowerCase(Locale.ROOT).startsWith("host:");
            req.append(h).append("\r\n");
        }
        if (!hasHost) {
            req.append("Host: 127.0.0.1:").append(port).append("\r\n");
        }
        if (body != null) {
            req.append("Content-Length: ").append(body.length).append("\r\n");
        }
        req.append("Connection: close\r\n\r\n");
        byte[] head = req.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = body == null ? head : concat(head, body);
        return send(all, "HEAD".equals(method));
    }

    /** Sends raw bytes as the whole request. */
    public Response send(byte[] raw, boolean headRequest) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(raw);
            out.flush();
            return read(socket.getInputStream(), headRequest);
        } catch (IOException e) {
            throw new UncheckedIOException("request to " + host + ":" + port + " failed", e);
        }
    }

    private static Response read(InputStream in, boolean headRequest) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("connection closed before a status line");
        }
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String line;
        while ((line = line(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        byte[] body;
        if (headRequest || status == 304 || status == 204 || status < 200) {
            body = new byte[0];
        } else if (headers.getOrDefault("transfer-encoding", List.of()).stream().anyMatch(v -> v.contains("chunked"))) {
            body = chunked(in);
        } else if (headers.containsKey("content-length")) {
            int len = Integer.parseInt(headers.get("content-length").get(0));
            body = in.readNBytes(len);
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, body);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                while (true) {
                    String trailer = line(in);
                    if (trailer == null || trailer.isEmpty()) {
                        return out.toByteArray();
                    }
                }
            }
            out.write(in.readNBytes(size));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                buf.write(c);
            }
        }
        if (c < 0 && buf.size() == 0) {
            return null;
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A response as received. Header names are lower-case. */
    public record Response(int status, Map<String, List<String>> headers, byte[] rawBody) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        public List<String> headers(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        /** The body decoded from gzip when the response says so. */
        public byte[] body() {
            if (!"gzip".equalsIgnoreCase(header("content-encoding"))) {
                return rawBody;
            }
            try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(rawBody))) {
                return gz.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("bad gzip body", e);
            }
        }

        public String text() {
            return new String(body(), StandardCharsets.UTF_8);
        }

        public String cacheStatus() {
            return header("cache-status");
        }

        public boolean isHit() {
            String cs = cacheStatus();
            return cs != null && cs.contains("; hit");
        }
    }
}
