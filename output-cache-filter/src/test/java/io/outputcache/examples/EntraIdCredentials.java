package io.outputcache.examples;

import io.outputcache.config.RedisCredentials;
import io.outputcache.config.RedisCredentialsResolver;

import java.time.Instant;

/**
 * The Microsoft Entra ID example of docs/operations.md, compiled by the build: Azure Managed Redis takes the
 * identity's object ID as the user name and an access token for {@value #SCOPE} as the password. The token comes
 * from a {@link TokenSource}; in production that is azure-identity's {@code DefaultAzureCredential} (one line, shown
 * in the docs), which this project does not depend on. The filter renews the token at three quarters of its
 * lifetime and re-authenticates the open connections with it.
 */
public final class EntraIdCredentials implements RedisCredentialsResolver {
    /** The scope of Azure Managed Redis (and Azure Cache for Redis) data-plane tokens. */
    public static final String SCOPE = "https://redis.azure.com/.default";

    /** What azure-identity's {@code TokenCredential.getTokenSync} gives: an access token for a scope. */
    @FunctionalInterface
    public interface TokenSource {
        Token token(String scope) throws Exception;
    }

    /** An access token and when it expires. */
    public record Token(String value, Instant expiresAt) {
    }

    private final String objectId;
    private final TokenSource tokens;

    /**
     * @param objectId the object (principal) ID of the managed identity or service principal, which the cache's
     *                 data access configuration lists as a Redis user
     * @param tokens   where access tokens come from
     */
    public EntraIdCredentials(String objectId, TokenSource tokens) {
        this.objectId = objectId;
        this.tokens = tokens;
    }

    @Override
    public RedisCredentials resolve() throws Exception {
        Token token = tokens.token(SCOPE);
        return RedisCredentials.expiring(objectId, token.value(), token.expiresAt());
    }
}
