/**
 * The near cache: an in-process copy of entries read from Redis ({@code NearCache}), the store decorator that
 * answers from it ({@code NearCachedPageStore}), and the pub/sub channel that tells every node what to drop
 * ({@code InvalidationChannel}, its messages {@code InvalidationMessage}, its health {@code ChannelHealth}).
 * Loaded only when {@code near-cache-max-size} is set: Caffeine is an optional dependency.
 *
 * <p><strong>Not API.</strong> Everything under {@code io.outputcache.internal} is implementation: it may change
 * or disappear in any release, including a patch release, without notice. Applications use the types in
 * {@code io.outputcache} and its other sub-packages; this package is left out of the published Javadoc.
 */
package io.outputcache.internal.near;
