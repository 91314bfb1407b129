package io.outputcache.thymeleaf;

import io.outputcache.OutputCache;
import io.outputcache.fragment.FragmentCache;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.context.IWebContext;
import org.thymeleaf.web.servlet.IServletWebExchange;

import java.util.Optional;

/** Finds, for a template context, the servlet request/response behind it and the fragment cache to use. */
final class CacheLocator {
    private final Optional<FragmentCache> fixed;

    CacheLocator(Optional<FragmentCache> fixed) {
        this.fixed = fixed;
    }

    static Optional<IServletWebExchange> exchange(ITemplateContext context) {
        if (context instanceof IWebContext web && web.getExchange() instanceof IServletWebExchange servlet) {
            return Optional.of(servlet);
        }
        return Optional.empty();
    }

    /** The jakarta request behind the context, when it is a servlet web context. */
    static Optional<HttpServletRequest> request(ITemplateContext context) {
        return exchange(context).map(IServletWebExchange::getNativeRequestObject)
                .filter(HttpServletRequest.class::isInstance).map(HttpServletRequest.class::cast);
    }

    static Optional<HttpServletResponse> response(ITemplateContext context) {
        return exchange(context).map(IServletWebExchange::getNativeResponseObject)
                .filter(HttpServletResponse.class::isInstance).map(HttpServletResponse.class::cast);
    }

    Optional<FragmentCache> cache(ITemplateContext context) {
        if (fixed.isPresent()) {
            return fixed;
        }
        return request(context).map(r -> r.getServletContext().getAttribute(OutputCache.ATTRIBUTE))
                .filter(OutputCache.class::isInstance)
                .map(handle -> ((OutputCache) handle).fragments());
    }
}
