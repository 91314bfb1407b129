package io.outputcache.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.outputcache.OutputCache;
import io.outputcache.metrics.OutputCacheMetrics;
import org.springframework.beans.factory.DisposableBean;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Binds {@link OutputCacheMetrics} to each registry Boot hands it, and removes the meters when the context closes. */
final class OutputCacheMeterBinder implements MeterBinder, DisposableBean {
    private final OutputCache cache;
    private final List<OutputCacheMetrics> bound = new CopyOnWriteArrayList<>();

    OutputCacheMeterBinder(OutputCache cache) {
        this.cache = cache;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        bound.add(OutputCacheMetrics.bind(cache, registry));
    }

    @Override
    public void destroy() {
        bound.forEach(OutputCacheMetrics::close);
        bound.clear();
    }
}
