package io.outputcache.conformance;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.proxy.ProxyServlet;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;

import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A transparent reverse proxy that passes header fields through as they came, so that what a test sees through
 * it is what the origin sent. Jetty's stock {@link ProxyServlet.Transparent} is written for applications, not for
 * measuring a cache: it adds {@code Via} and {@code X-Forwarded-*} fields, and it copies response fields through
 * {@link HttpServletResponse#addHeader}, which parses some of them (a {@code Content-Type} is re-spelled, an
 * unparseable {@code Content-Length} throws and every field after it is lost).
 *
 * <p>Here every end-to-end field is copied one field line at a time with its value as received; only the
 * hop-by-hop fields (RFC 9110 §7.6.1) and those listed in {@code Connection} are dropped, as any proxy must.
 * The request goes through the servlet API (so that a filter in front, which wraps the request, is honoured).
 */
public class FaithfulProxyServlet extends ProxyServlet.Transparent {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

    @Override
    protected HttpClient newHttpClient() {
        HttpClient client = super.newHttpClient();
        // The suite compares header fields byte for byte: no client-side defaults added on the way to the origin.
        client.setUserAgentField(null);
        return client;
    }

    @Override
    protected void copyRequestHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
        Set<String> connectionListed = connectionListed(Collections.list(clientRequest.getHeaders("Connection")));
        proxyRequest.headers(headers -> {
            headers.clear();
            for (String name : Collections.list(clientRequest.getHeaderNames())) {
                String lower = name.toLowerCase(Locale.ROOT);
                if (HOP_BY_HOP.contains(lower) || connectionListed.contains(lower)) {
                    continue;
                }
                for (String value : Collections.list(clientRequest.getHeaders(name))) {
                    headers.add(new HttpField(name, value));
                }
            }
            // One connection per exchange: some tests have the origin send deliberately broken framing (a
            // Content-Length that does not match the body); on a reused connection those bytes would be read as
            // the next test's response.
            headers.put(HttpHeader.CONNECTION, "close");
        });
    }

    @Override
    protected void addProxyHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
        // A transparent measuring proxy adds nothing of its own.
    }

    @Override
    protected void onServerResponseHeaders(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                           Response serverResponse) {
        Set<String> connectionListed = connectionListed(serverResponse.getHeaders().getValuesList(HttpHeader.CONNECTION));
        boolean dateSeen = false;
        for (HttpField field : serverResponse.getHeaders()) {
            String lower = field.getName().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(lower) || connectionListed.contains(lower)) {
                continue;
            }
            String value = field.getValue() == null ? "" : field.getValue();
            try {
                if (lower.equals("date") && !dateSeen) {
                    // The container dates every response itself; the origin's Date replaces that one.
                    proxyResponse.setHeader(field.getName(), value);
                    dateSeen = true;
                } else {
                    proxyResponse.addHeader(field.getName(), value);
                }
            } catch (RuntimeException e) {
                // A value the servlet API will not take (say a Content-Length that is not a number) is skipped
                // alone; the stock proxy would lose every field after it.
                proxyResponse.addHeader("X-Proxy-Dropped", field.getName());
            }
        }
    }

    private static Set<String> connectionListed(java.util.List<String> values) {
        Set<String> names = new HashSet<>();
        for (String value : values) {
            for (String member : value.split(",")) {
                names.add(member.trim().toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }
}
