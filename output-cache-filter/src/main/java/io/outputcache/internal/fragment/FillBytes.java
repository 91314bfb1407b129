package io.outputcache.internal.fragment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The fills of one response, in hole order, as the UTF-8 bytes a segmented gzip page splices in: each hole name
 * rendered and encoded once (a listing's 24 token holes are one text), with the identity length and the ETag
 * suffix worked out from the same bytes instead of encoding every fill again.
 *
 * <p>The ETag suffix is {@code "." + h + '"'} where {@code h} is the first 16 characters of the URL-safe Base64 of
 * SHA-256 over each fill as {@code <UTF-16 length>:<text>} in UTF-8, the value earlier versions computed from one
 * joined string: nodes of both versions give a filled page the same validator.
 */
final class FillBytes {
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(FillBytes::sha256);
    /** 12 digest bytes are exactly 16 Base64 characters (96 bits). */
    private static final int HASH_BYTES = 12;

    private final String[] texts;
    private final byte[][] bytes;
    private final int totalLength;

    private FillBytes(String[] texts, byte[][] bytes, int totalLength) {
        this.texts = texts;
        this.bytes = bytes;
        this.totalLength = totalLength;
    }

    /** Renders each of {@code holes} (in order, repeats included) with {@code renderer}, each text encoded once. */
    static FillBytes of(List<String> holes, Function<String, String> renderer) {
        return of(holes, render(holes, renderer));
    }

    /** The text of each of {@code holes}, in order, repeats included. */
    static String[] render(List<String> holes, Function<String, String> renderer) {
        String[] texts = new String[holes.size()];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = renderer.apply(holes.get(i));
        }
        return texts;
    }

    /** The fills {@code texts} of {@code holes} (as {@link #render} gave them), each text encoded once. */
    static FillBytes of(List<String> holes, String[] texts) {
        byte[][] bytes = new byte[holes.size()][];
        Map<String, Encoded> encoded = new HashMap<>(4);
        int total = 0;
        for (int i = 0; i < texts.length; i++) {
            String name = holes.get(i);
            String text = texts[i];
            Encoded known = encoded.get(name);
            if (known == null || !known.text().equals(text)) { // a renderer need not answer a name the same way
                known = new Encoded(text, text.getBytes(StandardCharsets.UTF_8));
                encoded.put(name, known);
            }
            bytes[i] = known.utf8();
            total += known.utf8().length;
        }
        return new FillBytes(texts, bytes, total);
    }

    private record Encoded(String text, byte[] utf8) {
    }

    /** The UTF-8 bytes of each fill, in hole order; not copied, never modified. */
    byte[][] bytes() {
        return bytes;
    }

    /** The fills' UTF-8 bytes together. */
    int totalLength() {
        return totalLength;
    }

    /** {@code "." + hash + '"'}: what the stored validator's stem is extended by (see the class comment). */
    String etagSuffix() {
        MessageDigest digest = SHA_256.get();
        for (int i = 0; i < texts.length; i++) {
            hashFill(digest, texts[i].length(), bytes[i]);
        }
        return suffix(digest.digest());
    }

    /** The same suffix for fills given as text (the identity path, which has no bytes per fill). */
    static String etagSuffix(List<String> fills) {
        MessageDigest digest = SHA_256.get();
        for (String fill : fills) {
            hashFill(digest, fill.length(), fill.getBytes(StandardCharsets.UTF_8));
        }
        return suffix(digest.digest());
    }

    /** One fill as {@code <UTF-16 length>:<text>} in UTF-8. */
    private static void hashFill(MessageDigest digest, int textLength, byte[] utf8) {
        digest.update(Integer.toString(textLength).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(utf8);
    }

    private static String suffix(byte[] hash) {
        byte[] head = new byte[HASH_BYTES];
        System.arraycopy(hash, 0, head, 0, HASH_BYTES);
        return "." + Base64.getUrlEncoder().withoutPadding().encodeToString(head) + "\"";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
