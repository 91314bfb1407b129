package io.outputcache.spring;

import io.outputcache.OutputCache;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.config.InvalidConfigurationException;
import io.outputcache.thymeleaf.OutputCacheDialect;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.servlet.ConditionalOnMissingFilterBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;


/**
 * Registers the {@link OutputCacheFilter} in a Spring Boot servlet application, configured from the
 * {@code outputcache.*} properties (see {@link OutputCacheProperties}; active once any of them is set, off with
 * {@code outputcache.enabled=false}). It backs off entirely when the application registers an
 * {@code OutputCacheFilter} itself (as a bean or in a {@code FilterRegistrationBean}).
 *
 * <p>Beans (each replaceable by one of the application's own, except the handle):
 * <ul>
 * <li>{@link OutputCacheProperties} and {@link OutputCacheConfig}: parsed at start-up, so a wrong value stops the
 *     application with a message that names the property. The config uses the application's
 *     {@link RedissonClient} bean (one from {@code redisson-spring-boot-starter}, say) when there is exactly one
 *     and the properties set neither {@code redis-url}, {@code redisson-config} nor {@code store=memory}; the
 *     cache never shuts that client down.</li>
 * <li>{@link OutputCacheFilter} and its {@link FilterRegistrationBean} {@code outputCacheFilterRegistration}:
 *     filter name {@code outputCache}, path {@code /*}, REQUEST dispatches, async supported, order
 *     {@code outputcache.filter-order} (default {@value OutputCacheProperties#DEFAULT_FILTER_ORDER}: after
 *     Spring Security and Boot's own filters).</li>
 * <li>{@link OutputCache}: the running cache's handle, started before the web server (so any bean may use it),
 *     and also published in the servlet context as with {@code web.xml}.</li>
 * <li>With Thymeleaf: an {@link OutputCacheDialect} bean on the cache's fragments, which Boot's Thymeleaf
 *     auto-configuration adds to its template engine.</li>
 * <li>With Micrometer: a {@code MeterBinder} that binds the meters of
 *     {@link io.outputcache.metrics.OutputCacheMetrics} to every {@code MeterRegistry} Boot configures.</li>
 * </ul>
 * Actuator's health contributor and endpoint are in {@link OutputCacheActuatorAutoConfiguration}.
 */
@AutoConfiguration(afterName = {"org.redisson.spring.starter.RedissonAutoConfigurationV2",
        "org.redisson.spring.starter.RedissonAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(FilterRegistrationBean.class)
@ConditionalOnMissingFilterBean(OutputCacheFilter.class)
@Conditional(OnOutputCacheProperties.class)
public class OutputCacheAutoConfiguration {

    /** The filter's name in the servlet context (also the suffix of its handle's context attribute). */
    public static final String FILTER_NAME = "outputCache";

    /** Creates the auto-configuration (called by Spring). */
    public OutputCacheAutoConfiguration() {
    }

    /** The {@code outputcache.*} properties as init-params. */
    @Bean
    @ConditionalOnMissingBean
    public OutputCacheProperties outputCacheProperties(Environment environment) {
        return OutputCacheProperties.of(environment);
    }

    /** The configuration parsed from the properties, on the application's Redisson client where it has one. */
    @Bean
    @ConditionalOnMissingBean
    public OutputCacheConfig outputCacheConfig(OutputCacheProperties properties, ObjectProvider<RedissonClient> redisson) {
        OutputCacheConfig.Builder builder = properties.toBuilder();
        RedissonClient client = properties.connectsItself() ? null : redisson.getIfUnique();
        if (client != null) {
            builder.redissonClient(client);
        }
        try {
            return builder.build();
        } catch (InvalidConfigurationException e) {
            throw new InvalidConfigurationException(properties.explain(e.getMessage()), e);
        }
    }

    /** The filter; Spring destroys it if the web server never did (destroying twice is harmless). */
    @Bean(destroyMethod = "destroy")
    @ConditionalOnMissingBean
    public OutputCacheFilter outputCacheFilter(OutputCacheConfig config) {
        return new OutputCacheFilter(config);
    }

    /** The handle of the running cache; the filter owns its lifecycle, so Spring must not close it as well. */
    @Bean(destroyMethod = "")
    public OutputCache outputCache(OutputCacheFilter filter) {
        return filter.start();
    }

    /** Registers the filter with the embedded (or external) servlet container. */
    @Bean
    public FilterRegistrationBean<OutputCacheFilter> outputCacheFilterRegistration(OutputCacheFilter filter,
                                                                                 OutputCache started,
                                                                                 OutputCacheProperties properties) {
        FilterRegistrationBean<OutputCacheFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setName(FILTER_NAME);
        registration.addUrlPatterns("/*");
        // REQUEST, and ASYNC too with async-store-reads on: a request suspended during its read goes on there.
        registration.setDispatcherTypes(filter.dispatcherTypes());
        registration.setAsyncSupported(true);
        registration.setOrder(properties.filterOrder());
        return registration;
    }

    /** The dialect, when Thymeleaf is on the classpath: Boot's template engine takes every {@code IDialect} bean. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.thymeleaf.dialect.IDialect")
    static class ThymeleafDialect {
        @Bean
        @ConditionalOnMissingBean
        OutputCacheDialect outputCacheDialect(OutputCache cache) {
            return new OutputCacheDialect(cache.fragments());
        }
    }

    /** The meters, when Micrometer is on the classpath: Boot binds every {@code MeterBinder} bean to its registries. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class Metrics {
        @Bean
        OutputCacheMeterBinder outputCacheMeterBinder(OutputCache cache) {
            return new OutputCacheMeterBinder(cache);
        }
    }
}
