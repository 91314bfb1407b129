/** Micrometer meters for the cache's counters; used only when Micrometer is on the classpath. */
package io.outputcache.metrics;
