package io.outputcache.internal.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request's field names are read once; an absent field is answered from them without asking the container,
 * a present one (any case) is asked for; a container that lists no names, or a wrapped request, is asked for every
 * field.
 */
class RequestHeadersTest {

    /** A request over these fields, recording which names it was asked for. */
    private static HttpServletRequest request(Map<String, List<String>> fields, boolean listsNames, List<String> asked) {
        return (HttpServletRequest) Proxy.newProxyInstance(RequestHeadersTest.class.getClassLoader(),
                new Class<?>[]{HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaderNames" -> {
                        asked.add("*names*");
                        yield listsNames ? Collections.enumeration(fields.keySet()) : null;
                    }
                    case "getHeader" -> {
                        asked.add((String) args[0]);
                        List<String> v = find(fields, (String) args[0]);
                        yield v.isEmpty() ? null : v.get(0);
                    }
                    case "getHeaders" -> {
                        asked.add((String) args[0]);
                        yield Collections.enumeration(find(fields, (String) args[0]));
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static List<String> find(Map<String, List<String>> fields, String name) {
        return fields.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                .map(Map.Entry::getValue).orElse(List.of());
    }

    private static Map<String, List<String>> fields() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("Host", List.of("shop.example"));
        fields.put("Accept-Language", List.of("en", "de"));
        return fields;
    }

    @Test
    void absentFieldsAreAnsweredFromTheNamesReadOnce() {
        List<String> asked = new ArrayList<>();
        RequestHeaders headers = new RequestHeaders(request(fields(), true, asked));

        assertThat(headers.first("transfer-encoding")).isNull();
        assertThat(headers.values("authorization")).isEmpty();
        assertThat(headers.containsAny(Set.of("x-forwarded-host", "forwarded"))).isFalse();
        assertThat(headers.containsAny(Set.of("accept-language"))).isTrue();

        assertThat(asked).containsExactly("*names*");
    }

    @Test
    void presentFieldsAreAskedForInAnyCase() {
        List<String> asked = new ArrayList<>();
        RequestHeaders headers = new RequestHeaders(request(fields(), true, asked));

        assertThat(headers.first("host")).isEqualTo("shop.example");
        assertThat(headers.values("ACCEPT-LANGUAGE")).containsExactly("en", "de");

        assertThat(asked).containsExactly("*names*", "host", "ACCEPT-LANGUAGE");
    }

    @Test
    void aContainerThatListsNoNamesIsAskedForEachField() {
        List<String> asked = new ArrayList<>();
        RequestHeaders headers = new RequestHeaders(request(fields(), false, asked));

        assertThat(headers.first("Host")).isEqualTo("shop.example");
        assertThat(headers.first("authorization")).isNull();
        assertThat(headers.containsAny(Set.of("host"))).isTrue(); // asked by name: nothing listed is not "absent"
        assertThat(headers.containsAny(Set.of("forwarded"))).isFalse();

        assertThat(asked).containsExactly("*names*", "Host", "authorization", "host", "forwarded");
    }

    @Test
    void aWrappedRequestIsAskedForEachFieldItsListMayNotName() {
        List<String> asked = new ArrayList<>();
        // a wrapper that answers a field its names do not list (a forwarding filter's, say)
        HttpServletRequest wrapped = new HttpServletRequestWrapper(request(fields(), true, asked)) {
            @Override
            public String getHeader(String name) {
                return name.equalsIgnoreCase("x-forwarded-host") ? "proxy.example" : super.getHeader(name);
            }
        };
        RequestHeaders headers = new RequestHeaders(wrapped);

        assertThat(headers.first("X-Forwarded-Host")).isEqualTo("proxy.example");
        assertThat(headers.first("authorization")).isNull();
        // the screen for keyed forwarding fields sees what the wrapper answers, not only what it lists
        assertThat(headers.containsAny(Set.of("x-forwarded-host"))).isTrue();
        assertThat(asked).containsExactly("authorization");
    }
}
