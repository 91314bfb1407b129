package io.outputcache.internal.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Web cache deception defence: a path that looks like a static file ({@code /account/x.css}) must be answered
 * with a matching media type to be stored. A dynamic page reached through such a path (the application ignores
 * the suffix) carries {@code text/html}, and storing it under a "static" path is exactly what the attack needs.
 */
public final class StaticExtensions {

    /** Acceptable media types per extension; a trailing '+' entry (e.g. "+json") matches structured suffixes. */
    private static final Map<String, List<String>> TYPES = Map.ofEntries(
            Map.entry("css", List.of("text/css")),
            Map.entry("js", List.of("text/javascript", "application/javascript", "application/x-javascript",
                    "application/ecmascript", "text/ecmascript")),
            Map.entry("mjs", List.of("text/javascript", "application/javascript")),
            Map.entry("json", List.of("application/json", "+json")),
            Map.entry("map", List.of("application/json")),
            Map.entry("xml", List.of("application/xml", "text/xml", "+xml")),
            Map.entry("txt", List.of("text/plain")),
            Map.entry("csv", List.of("text/csv", "text/plain")),
            Map.entry("png", binary("image/png")),
            Map.entry("jpg", binary("image/jpeg")),
            Map.entry("jpeg", binary("image/jpeg")),
            Map.entry("gif", binary("image/gif")),
            Map.entry("webp", binary("image/webp")),
            Map.entry("avif", binary("image/avif")),
            Map.entry("bmp", binary("image/bmp")),
            Map.entry("ico", binary("image/x-icon", "image/vnd.microsoft.icon")),
            Map.entry("svg", List.of("image/svg+xml")),
            Map.entry("woff", binary("font/woff", "application/font-woff")),
            Map.entry("woff2", binary("font/woff2")),
            Map.entry("ttf", binary("font/ttf", "application/x-font-ttf")),
            Map.entry("otf", binary("font/otf")),
            Map.entry("eot", binary("application/vnd.ms-fontobject")),
            Map.entry("pdf", binary("application/pdf")),
            Map.entry("zip", binary("application/zip")),
            Map.entry("gz", binary("application/gzip")),
            Map.entry("mp4", binary("video/mp4")),
            Map.entry("webm", binary("video/webm")),
            Map.entry("mp3", binary("audio/mpeg")),
            Map.entry("wasm", binary("application/wasm")));

    private StaticExtensions() {
    }

    /**
     * The extension of the last segment of a normalised path when the response's media type does not fit it.
     * Empty when the path does not look static, when the type fits, and for statuses that carry no
     * representation of the target (204, 3xx), where a missing Content-Type is expected.
     */
    public static Optional<String> mismatch(String normalizedPath, int status, Optional<String> contentType) {
        Optional<String> ext = extension(normalizedPath);
        if (ext.isEmpty()) {
            return Optional.empty();
        }
        List<String> accepted = TYPES.get(ext.get());
        if (accepted == null) {
            return Optional.empty();
        }
        if (contentType.isEmpty()) {
            return status == 204 || (status >= 300 && status < 400) ? Optional.empty() : ext;
        }
        String type = mediaType(contentType.get());
        for (String a : accepted) {
            if (a.startsWith("+") ? type.endsWith(a) : type.equals(a)) {
                return Optional.empty();
            }
        }
        return ext;
    }

    /** The lower-case extension of the last segment, if it has one ("x.CSS" -> "css"). */
    static Optional<String> extension(String path) {
        int slash = path.lastIndexOf('/');
        String last = path.substring(slash + 1);
        int dot = last.lastIndexOf('.');
        if (dot < 0 || dot == last.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(last.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** Binary files are often sent as application/octet-stream by servers that do not know the type. */
    private static List<String> binary(String... types) {
        return Stream.concat(Stream.of(types),
                java.util.stream.Stream.of("application/octet-stream")).toList();
    }
}
