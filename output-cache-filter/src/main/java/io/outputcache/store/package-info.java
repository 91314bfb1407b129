/** Where pages are kept: the Redis store (through Redisson), the in-process store, and the interface both implement. */
package io.outputcache.store;
