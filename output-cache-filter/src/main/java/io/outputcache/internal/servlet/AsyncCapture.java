package io.outputcache.internal.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets the filter finish its work on a response that the application completes asynchronously (a proxy servlet,
 * a long poll): the request handed down the chain returns, from {@code startAsync}, an {@link AsyncContext} whose
 * {@code complete()} first runs the filter's {@link Hooks#beforeComplete()} (decide, store, write the held body)
 * and only then completes the real context.
 *
 * <p>Every other way an asynchronous cycle can end is handled on purpose, each exactly once:
 * <ul>
 * <li>{@code dispatch(...)}: the container renders again into the same response, outside the filter, so the
 *     filter stops holding the body ({@link Hooks#interrupted}) before the dispatch;</li>
 * <li>a timeout or an error reported by the container: the same, from an {@link AsyncListener};</li>
 * <li>a completion the container does on its own (after an error page): the same.</li>
 * </ul>
 */
public final class AsyncCapture extends HttpServletRequestWrapper {

    /** What the filter does at the end of an asynchronous cycle. Called at most once in all, from any thread. */
    public interface Hooks {
        /** The application called {@code complete()}: the response is whole, nothing is committed yet. */
        void beforeComplete();

        /** The cycle ends some other way ({@code dispatch}, {@code timeout}, {@code error}, {@code container}). */
        void interrupted(String how);
    }

    private final ServletResponse response;
    private final Hooks hooks;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Context context;

    public AsyncCapture(HttpServletRequest request, ServletResponse response, Hooks hooks) {
        super(request);
        this.response = response;
        this.hooks = hooks;
    }

    /** Whether the application started an asynchronous cycle through this request. */
    public boolean started() {
        return context != null;
    }

    @Override
    public AsyncContext startAsync() {
        return startAsync(this, response);
    }

    @Override
    public AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse) {
        Context current = context;
        AsyncContext real = super.startAsync(servletRequest, servletResponse);
        if (current != null && current.real == real) {
            return current; // started again in a later cycle of the same request: one hook set for all
        }
        real.addListener(new EndListener());
        Context wrapped = new Context(real);
        context = wrapped;
        return wrapped;
    }

    @Override
    public AsyncContext getAsyncContext() {
        Context current = context;
        return current != null ? current : super.getAsyncContext();
    }

    private void end(boolean completing, String how) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        if (completing) {
            hooks.beforeComplete();
        } else {
            hooks.interrupted(how);
        }
    }

    /** Ends the cycle the container's way when it does so without the application's {@code complete()}. */
    private final class EndListener implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            end(false, "container");
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            end(false, "timeout");
        }

        @Override
        public void onError(AsyncEvent event) {
            end(false, "error");
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this); // listeners are dropped on each new cycle (servlet spec)
        }
    }

    /** The context the application holds: {@code complete()} runs the filter's hook first. */
    private final class Context implements AsyncContext {
        private final AsyncContext real;

        Context(AsyncContext real) {
            this.real = real;
        }

        @Override
        public void complete() {
            try {
                end(true, "complete");
            } finally {
                real.complete();
            }
        }

        @Override
        public void dispatch() {
            end(false, "dispatch");
            real.dispatch();
        }

        @Override
        public void dispatch(String path) {
            end(false, "dispatch");
            real.dispatch(path);
        }

        @Override
        public void dispatch(ServletContext servletContext, String path) {
            end(false, "dispatch");
            real.dispatch(servletContext, path);
        }

        @Override
        public ServletRequest getRequest() {
            return real.getRequest();
        }

        @Override
        public ServletResponse getResponse() {
            return real.getResponse();
        }

        @Override
        public boolean hasOriginalRequestAndResponse() {
            return real.hasOriginalRequestAndResponse();
        }

        @Override
        public void start(Runnable run) {
            real.start(run);
        }

        @Override
        public void addListener(AsyncListener listener) {
            real.addListener(listener);
        }

        @Override
        public void addListener(AsyncListener listener, ServletRequest servletRequest,
                                ServletResponse servletResponse) {
            real.addListener(listener, servletRequest, servletResponse);
        }

        @Override
        public <T extends AsyncListener> T createListener(Class<T> clazz) throws ServletException {
            return real.createListener(clazz);
        }

        @Override
        public void setTimeout(long timeout) {
            real.setTimeout(timeout);
        }

        @Override
        public long getTimeout() {
            return real.getTimeout();
        }
    }
}
