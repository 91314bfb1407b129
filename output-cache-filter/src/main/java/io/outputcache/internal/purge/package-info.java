/**
 * The purge endpoint ({@code purge-path}): the request's checks and its order as pure classes ({@link
 * io.outputcache.internal.purge.PurgeOrder}, {@link io.outputcache.internal.purge.PurgeToken}, {@link
 * io.outputcache.internal.purge.TokenBucket}), and the servlet edge that runs them against the handle ({@link
 * io.outputcache.internal.purge.PurgeEndpoint}).
 *
 * <p><strong>Not API.</strong> Everything under {@code io.outputcache.internal} is implementation: it may change
 * or disappear in any release, including a patch release, without notice. Applications use the types in
 * {@code io.outputcache} and its other sub-packages; this package is left out of the published Javadoc.
 */
package io.outputcache.internal.purge;
