package io.outputcache.config;

/**
 * Where the Redis store gets its credentials when they change while the application runs: rotated passwords,
 * or access tokens such as Microsoft Entra ID's for Azure Managed Redis (see docs/operations.md for an example).
 * Set with {@code OutputCacheConfig.Builder#redis(...)} and {@link RedisSettings.Builder#credentialsResolver}, or
 * with the init-param {@code redis-credentials-resolver} naming a class with a public no-argument constructor.
 *
 * <p>The store calls {@link #resolve()} off the request path: when it opens its first connection, and again
 * before the credentials it holds expire (at three quarters of their lifetime), re-authenticating the open
 * connections with the new ones. Credentials without an expiry are asked for again whenever a new connection is
 * opened, so a rotated password reaches every connection opened after the rotation. A resolver that throws keeps
 * the store on the credentials it had (until they expire); the failure is logged without any secret.
 *
 * <p>Why not Redisson's own {@code CredentialsResolver}: with that one the implementation must also run the
 * renewal schedule ({@code nextRenewal()}) correctly; here a resolver only says what the credentials are and
 * until when, and the schedule is the store's (and tested there).
 */
@FunctionalInterface
public interface RedisCredentialsResolver {

    /**
     * The credentials to authenticate new connections with, now. May block (a token request); it is never called
     * on a request thread.
     *
     * @throws Exception when no credentials can be had; the store keeps what it has and tries again later
     */
    RedisCredentials resolve() throws Exception;
}
