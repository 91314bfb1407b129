/**
 * One render per key: the local single flight, the cross-node render lease and its bookkeeping, and the turn a request gets.
 *
 * <p><strong>Not API.</strong> Everything under {@code io.outputcache.internal} is implementation: it may change
 * or disappear in any release, including a patch release, without notice. Applications use the types in
 * {@code io.outputcache} and its other sub-packages; this package is left out of the published Javadoc.
 */
package io.outputcache.internal.flight;
