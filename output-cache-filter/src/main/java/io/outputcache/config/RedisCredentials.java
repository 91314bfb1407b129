package io.outputcache.config;

import java.time.Instant;
import java.util.Optional;

/**
 * One set of Redis credentials, as a {@link RedisCredentialsResolver} hands them out: an ACL user (or none, for
 * the {@code default} user), a password, access key or token, and when it stops being accepted.
 * {@link #toString()} never shows the password.
 *
 * @param username  ACL user; for Microsoft Entra ID the object ID of the identity; empty for {@code default}
 * @param password  password, access key or access token
 * @param expiresAt when the server stops accepting the password (a token's expiry); empty if it does not expire
 */
public record RedisCredentials(Optional<String> username, String password, Optional<Instant> expiresAt) {

    public RedisCredentials {
        Check.notNull("redis credentials username", username);
        Check.notNull("redis credentials expiresAt", expiresAt);
        if (password == null || password.isEmpty()) {
            throw Check.fail("redis credentials need a password (a resolver returned none)");
        }
        if (username.isPresent() && username.get().isEmpty()) {
            throw Check.fail("redis credentials username must not be empty (leave it out for the default user)");
        }
    }

    /** A user and a password that do not expire. */
    public static RedisCredentials of(String username, String password) {
        return new RedisCredentials(Optional.ofNullable(username), password, Optional.empty());
    }

    /** A user and a token that the server accepts until {@code expiresAt}. */
    public static RedisCredentials expiring(String username, String token, Instant expiresAt) {
        return new RedisCredentials(Optional.ofNullable(username), token, Optional.of(Check.notNull("expiresAt", expiresAt)));
    }

    /** The user and expiry; the password as {@code ****}. */
    @Override
    public String toString() {
        return "RedisCredentials[username=" + username.orElse("(default)") + ", password=****"
                + expiresAt.map(e -> ", expiresAt=" + e).orElse("") + "]";
    }
}
