package io.outputcache.demo.shop;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Carts in a Redis hash per cart ({@code <prefix>:cart:<id>}: product id to quantity), keyed by an opaque random id.
 * The id is 128 random bits from {@link SecureRandom}; the cookie carries nothing else. Every read or change slides
 * the expiry forward. The form token of a cart is an HMAC of its id, so a page from another site cannot forge it.
 */
public final class CartService {
    public static final String COOKIE = "cart";
    public static final Duration TTL = Duration.ofDays(7);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");

    private final DataStore store;
    private final String prefix;
    private final SecureRandom random = new SecureRandom();
    private final byte[] tokenKey;

    public CartService(DataStore store, String keyPrefix) {
        this.store = store;
        this.prefix = keyPrefix + ":cart:";
        this.tokenKey = sharedTokenKey(store, keyPrefix + ":cart-token-key");
    }

    /**
     * The HMAC key of the form tokens, the same on every node of the shop: a page rendered (or its holes filled) by
     * one node posts its form to whichever node the balancer picks, which must accept the token. The first node to
     * start writes a random key to the data store; the others read it. Without the store (down at start, or no
     * Redis) the node keeps a key of its own, which is right for one node and no worse than carts being down.
     */
    private byte[] sharedTokenKey(DataStore store, String key) {
        byte[] mine = new byte[32];
        random.nextBytes(mine);
        String encoded = Base64.getEncoder().encodeToString(mine);
        try {
            byte[] shared = Base64.getDecoder().decode(store.getOrSet(key, encoded));
            return shared.length >= 32 ? shared : mine;
        } catch (RuntimeException e) {
            return mine;
        }
    }

    /** A new opaque cart id: 128 random bits, base64url without padding (22 characters). */
    public String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a cookie value has the shape of a cart id (anything else is ignored, never used as a key). */
    public static boolean isWellFormed(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Quantities by product id, in insertion order; sliding the expiry. Empty for an unknown or expired id. */
    public Map<Integer, Integer> contents(String id) {
        Map<String, String> raw = store.getHashAndTouch(prefix + id, TTL);
        Map<Integer, Integer> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            try {
                out.put(Integer.valueOf(k), Integer.valueOf(v));
            } catch (NumberFormatException ignored) {
                // a field the shop never writes: not part of the cart
            }
        });
        return out;
    }

    public void add(String id, int productId, int quantity) {
        store.incrementField(prefix + id, Integer.toString(productId), quantity, TTL);
    }

    public void remove(String id, int productId) {
        store.removeField(prefix + id, Integer.toString(productId));
    }

    public void clear(String id) {
        store.delete(List.of(prefix + id));
    }

    /** The form token bound to a cart id. */
    public String token(String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(tokenKey, "HmacSHA256"));
            byte[] sig = mac.doFinal(id.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sig, 18));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Constant-time check of a submitted token. */
    public boolean tokenMatches(String id, String submitted) {
        if (submitted == null) {
            return false;
        }
        return MessageDigest.isEqual(token(id).getBytes(StandardCharsets.US_ASCII),
                submitted.getBytes(StandardCharsets.US_ASCII));
    }

    /** Lines of a cart for display. */
    public record Line(Product product, int quantity) {
        public String total() {
            return Product.formatCents(product.priceCents() * quantity);
        }
    }

    public static List<Line> lines(Map<Integer, Integer> contents, List<Product> products) {
        List<Line> lines = new ArrayList<>();
        for (Product p : products) {
            Integer q = contents.get(p.id());
            if (q != null && q > 0) {
                lines.add(new Line(p, q));
            }
        }
        return lines;
    }
}
