package io.outputcache.internal.purge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The check of a presented purge token. Both sides are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so that the time taken depends neither on how much of the token matched nor on
 * its length.
 */
final class PurgeToken {

    /** What a presented token is. */
    enum Verdict {
        /** No token was presented: 401. */
        MISSING,
        /** A token was presented and it is not the one: 403. */
        WRONG,
        /** The token. */
        VALID
    }

    private final byte[] digest;

    PurgeToken(String secret) {
        this.digest = sha256(secret);
    }

    Verdict check(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Verdict.MISSING;
        }
        return MessageDigest.isEqual(digest, sha256(presented)) ? Verdict.VALID : Verdict.WRONG;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "PurgeToken{(redacted)}";
    }
}
