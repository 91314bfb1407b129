/**
 * The output cache's API: {@link io.outputcache.OutputCacheFilter} (deployed from {@code web.xml} or code),
 * its configuration ({@link io.outputcache.OutputCacheConfig}, {@link io.outputcache.CacheRule}) and the
 * {@link io.outputcache.OutputCache} handle an application uses to tag, opt out and invalidate.
 *
 * <p>The sub-packages {@code fragment}, {@code store}, {@code metrics} and {@code thymeleaf} are API too;
 * {@code io.outputcache.internal} and everything under it is not.
 */
package io.outputcache;
