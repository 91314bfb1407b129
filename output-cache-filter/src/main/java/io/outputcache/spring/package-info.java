/**
 * Spring Boot 3 auto-configuration of the output cache (optional: it is active only in a servlet web application
 * that has Spring Boot on its classpath and sets at least one {@code outputcache.*} property).
 *
 * <p>Every {@code web.xml} init-param of {@link io.outputcache.OutputCacheFilter} is the Boot property
 * {@code outputcache.<init-param>}, with the same value syntax, default and start-up check: the properties are
 * collected into the init-param map ({@link io.outputcache.spring.OutputCacheProperties}) and parsed by the same
 * parser, so {@code docs/configuration.md} documents both. {@link io.outputcache.spring.OutputCacheAutoConfiguration}
 * registers the filter and exposes its {@link io.outputcache.OutputCache} handle as a bean; with Thymeleaf it adds
 * the dialect, with Micrometer the meters, and with Actuator {@link io.outputcache.spring.OutputCacheHealthIndicator}
 * and {@link io.outputcache.spring.OutputCacheEndpoint} ({@code outputcache}, exposed only where Actuator's exposure
 * settings say so). An application's {@code RedissonClient} bean is used (never shut down) unless the properties
 * give the cache a connection of its own.
 */
package io.outputcache.spring;
