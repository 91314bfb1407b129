package io.outputcache.internal.engine;

import io.outputcache.internal.gateway.StoreCalls;
import io.outputcache.internal.http.RequestFacts;
import io.outputcache.internal.key.KeyBuilder;
import io.outputcache.internal.policy.UnsafeInvalidation;
import io.outputcache.internal.servlet.AsyncCapture;
import io.outputcache.internal.servlet.BeforeFirstByte;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP mode, unsafe methods: pass the request through, then invalidate what its response may have changed
 * ({@link UnsafeInvalidation}, RFC 9111 §4.4), before the first byte of the response can leave, so that the client's next request
 * cannot overtake the invalidation and read what it just changed.
 */
final class UnsafeForwarder {
    private final StoreCalls calls;

    UnsafeForwarder(StoreCalls calls) {
        this.calls = calls;
    }

    void forward(HttpServletRequest request, HttpServletResponse response, FilterChain chain, KeyBuilder keys,
                 RequestFacts facts) throws IOException, ServletException {
        // The invalidation runs before the first byte can leave (the application may flush, or fill the buffer,
        // long before it returns), or when it is done if it wrote nothing: never after the client has the answer.
        BeforeFirstByte held = new BeforeFirstByte(response, () -> invalidate(request, response, keys, facts));
        AsyncCapture forwarded = new AsyncCapture(request, held, new AsyncCapture.Hooks() {
            @Override
            public void beforeComplete() {
                held.runOnce();
            }

            @Override
            public void interrupted(String how) {
                // No final response from the application: nothing was changed that we know of.
            }
        });
        chain.doFilter(forwarded, held);
        if (!forwarded.started()) {
            held.runOnce();
        }
    }

    private void invalidate(HttpServletRequest request, HttpServletResponse response, KeyBuilder keys,
                            RequestFacts facts) {
        if (!UnsafeInvalidation.invalidates(response.getStatus())) {
            return;
        }
        List<String> references = new ArrayList<>(2);
        for (String field : new String[] {"Location", "Content-Location"}) {
            String value = response.getHeader(field);
            if (value != null) {
                references.add(value);
            }
        }
        List<CompletableFuture<Void>> invalidations = new ArrayList<>();
        for (UnsafeInvalidation.Target target : UnsafeInvalidation.targets(request.getRequestURL().toString(),
                facts.host(), facts.contextPath(), AppPath.raw(request), request.getQueryString(), references)) {
            keys.pathTag(target.path(), target.rawQuery()).ifPresent(tag -> invalidations.add(calls.invalidateTagAsync(tag)));
        }
        // Each is bounded by the store's write timeout and never fails.
        CompletableFuture.allOf(invalidations.toArray(CompletableFuture[]::new)).join();
    }
}
