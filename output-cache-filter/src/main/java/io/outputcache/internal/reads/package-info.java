/**
 * Read coalescing: concurrent reads of one key on one node share the GET already in flight ({@code SharedReads}),
 * unless this node wrote or invalidated since it was sent ({@code ReadStamps}).
 *
 * <p><strong>Not API.</strong> Everything under {@code io.outputcache.internal} is implementation: it may change
 * or disappear in any release, including a patch release, without notice. Applications use the types in
 * {@code io.outputcache} and its other sub-packages; this package is left out of the published Javadoc.
 */
package io.outputcache.internal.reads;
