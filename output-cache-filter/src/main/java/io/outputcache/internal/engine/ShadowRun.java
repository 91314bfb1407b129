package io.outputcache.internal.engine;

import io.outputcache.internal.entry.Bodies;
import io.outputcache.internal.entry.CachedPage;
import io.outputcache.internal.http.CacheStatus;
import io.outputcache.internal.policy.CacheStrategy;
import io.outputcache.internal.policy.Revalidation;
import io.outputcache.internal.stats.Counters;
import jakarta.servlet.ServletException;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Shadow mode: the cache runs beside the application without serving anything. Each request is keyed and
 * looked up as usual (in the shadow key space), then rendered fresh for the client whatever the lookup found.
 * When the lookup would have been a hit, the stored body is compared with the fresh one: a difference means the
 * rule would have served one request's page to another (a query parameter it ignores, a header it does not key,
 * a per-user fragment). When it would have stored, the fresh render goes through the same store pipeline as live
 * mode ({@link PageStorer}: leak check, variant index, hole capture), into {@link PageSpace#SHADOW}.
 *
 * <p>The client always gets the fresh render (status, headers, body, its holes filled) with
 * {@code Cache-Status: ...; fwd=bypass; detail=shadow-...}.
 */
final class ShadowRun {
    private final PageLookup lookup;
    private final PageRender render;
    private final PageStorer storer;
    private final Answers answers;
    private final Counters counters;

    ShadowRun(PageLookup lookup, PageRender render, PageStorer storer, Answers answers, Counters counters) {
        this.lookup = lookup;
        this.render = render;
        this.storer = storer;
        this.answers = answers;
        this.counters = counters;
    }

    void run(Exchange ex) throws IOException, ServletException {
        counters.shadowLookups.increment();
        Optional<CachedPage> stored = lookup.find(ex.key(), PageSpace.SHADOW, ex.facts(), ex.budget()).page();
        CacheStrategy.Action action = CacheStrategy.decide(ex.rule(), ex.facts(), stored, ex.now(), ex.targets())
                .action();
        boolean wouldHit = action == CacheStrategy.Action.FRESH_HIT || action == CacheStrategy.Action.STALE_HIT
                || action == CacheStrategy.Action.STALE_REFRESH;
        // A real cache refreshes a page in grace, so shadow mode stores then too; it does not replace a fresh one.
        boolean wouldStore = !wouldHit || action == CacheStrategy.Action.STALE_REFRESH;
        // Read before the render, as live mode does beside its lease: what shadow mode stores is checked the same way.
        OptionalLong renderEpoch = wouldStore ? storer.renderEpoch(ex.budget()) : OptionalLong.empty();
        render.run(ex, "bypass", Revalidation.forwardedFields(ex.rule().mode(), Optional.empty()),
                new PageRender.Ending() {
                    @Override
                    public void complete(Captured captured) throws IOException {
                        String detail = "shadow-miss";
                        if (wouldHit) {
                            counters.shadowWouldHit.increment();
                            detail = "shadow-hit";
                            if (!sameAs(stored.orElseThrow(), captured.status(), captured.body())) {
                                detail = "shadow-mismatch";
                                counters.shadowMismatch(AppPath.raw(ex.request())); // no query: it may carry a token
                            }
                        }
                        CacheStatus cacheStatus = answers.status().fwd("bypass").fwdStatus(captured.status());
                        if (wouldStore && storer.store(ex, captured, PageSpace.SHADOW, renderEpoch) instanceof PageStorer.Kept kept
                                && kept.sent()) {
                            cacheStatus.stored();
                        }
                        ex.response().addHeader(CacheStatus.HEADER, cacheStatus.detail(detail).toString());
                        answers.writeRendered(ex, captured);
                    }

                    @Override
                    public boolean failed(Exception error, boolean committed) {
                        return false; // the application's own failure, as without the cache
                    }
                });
    }

    /** Whether serving the stored page would have given the client what the fresh render gave. */
    static boolean sameAs(CachedPage page, int status, byte[] freshBody) {
        if (page.status() != status || page.identityLength() != freshBody.length) {
            return false;
        }
        try {
            byte[] storedBody = page.gzip() ? Bodies.gunzip(page.body()) : page.body();
            return Arrays.equals(storedBody, freshBody);
        } catch (IOException e) {
            return false; // an unreadable stored body would not have served this client well either
        }
    }
}
