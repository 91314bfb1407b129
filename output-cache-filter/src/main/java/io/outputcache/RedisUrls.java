package io.outputcache;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Checks Redis URLs and moves credentials out of them, so that the URL can be logged. */
final class RedisUrls {
    private RedisUrls() {
    }

    static String stripCredentials(String url, OutputCacheConfig.Builder target) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("redis-url must be redis://host:port or rediss://host:port but was empty");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("redis-url must be redis://host:port or rediss://host:port but was '"
                    + redact(url) + "'", e);
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new IllegalArgumentException("redis-url must start with redis:// or rediss:// but was '" + redact(url) + "'");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("redis-url must name a host, e.g. redis://127.0.0.1:6379, but was '"
                    + redact(url) + "'");
        }
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            String user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            String password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
            target.credentialsFromUrl(user, password);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 6379;
        return scheme + "://" + uri.getHost() + ":" + port;
    }

    /** Replaces the user-info of a URL-like string so that an error message never carries a password. */
    static String redact(String url) {
        return url.replaceAll("//[^/@]*@", "//****@");
    }
}
