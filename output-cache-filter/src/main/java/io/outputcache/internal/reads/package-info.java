/**
 * Read coalescing: concurrent reads of one key on one node share the GET already in flight ({@code SharedReads}),
 * unless this node wrote or invalidated since it was sent ({@code ReadStamps}).
 */
package io.outputcache.internal.reads;
