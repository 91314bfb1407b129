package io.outputcache.bench;

import io.outputcache.internal.http.HeaderMap;
import io.outputcache.internal.policy.LeakGuard;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What the leak guard costs per stored page (not a test): a 20 KB shop page that contains none of the request's
 * three values (the common case, and the dearest: every needle is searched to the end), with the header fields a
 * page is stored with. Per page the guard builds the needles of the values (plain, HTML, URL and JSON spellings),
 * scans the stored fields and folds and scans the body once. Run (docs/security.md):
 * <pre>
 * mvn -B -o -q -pl output-cache-filter test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp output-cache-filter/target/test-classes:output-cache-filter/target/classes:$(cat /tmp/cp.txt) \
 *     io.outputcache.bench.LeakGuardCost
 * </pre>
 */
public final class LeakGuardCost {
    /** Session id, a user name with a space (more spellings), a base64 CSRF token with + / = (more again). */
    static final List<LeakGuard.Secret> SECRETS = List.of(
            new LeakGuard.Secret("session id", "node01v8l2m4n6p8q0r2s4t6u8w0y2a4c6e8"),
            new LeakGuard.Secret("principal", "Anna Maria"),
            new LeakGuard.Secret("cookie XSRF-TOKEN", "a3F1c2D4+5e6f/4a7b8c9d0e1f2a3b4c5d=="));

    static final HeaderMap STORED = HeaderMap.of("Content-Type", "text/html;charset=UTF-8",
            "Content-Language", "en", "Vary", "Accept-Language",
            "Content-Security-Policy", "default-src 'self'; script-src 'self' 'nonce-r4nd0mP3rR3nd3r'",
            "Link", "</static/site.css>; rel=preload; as=style", "X-Frame-Options", "DENY");

    private LeakGuardCost() {
    }

    static byte[] page(int targetBytes) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><title>Catalogue</title>"
                + "<link rel=\"stylesheet\" href=\"/static/site.css\"></head><body><nav><a href=\"/\">Home</a>"
                + "<a href=\"/account\">Account</a></nav><main class=\"grid\">");
        int i = 0;
        while (html.length() < targetBytes - 30) {
            html.append("<article class=\"card\"><a href=\"/products/").append(i).append("?ref=list&amp;q=an%20")
                    .append("planter\"><img src=\"/img/p").append(i).append(".png\" alt=\"Anthracite planter\"></a>")
                    .append("<h2>Anna's planter ").append(i).append("</h2><p class=\"price\">EUR ")
                    .append(10 + i % 90).append(".95</p><script type=\"application/json\">{\"id\":").append(i)
                    .append(",\"name\":\"Maria \\u00e9dition\"}</script></article>");
            i++;
        }
        return html.append("</main></body></html>").toString().getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) {
        LeakGuard guard = new LeakGuard(4);
        byte[] body = page(20 * 1024);
        LeakGuard.Needles needles = guard.needles(SECRETS);
        if (guard.find(body, needles).isPresent() || guard.findInHeaders(STORED, needles).isPresent()) {
            throw new IllegalStateException("the benchmark page must contain none of the values");
        }
        System.out.printf("page %d bytes, %d values, %d needles, %d stored fields%n", body.length, SECRETS.size(),
                needles.size(), STORED.names().size());
        report("needles (once per request)", () -> guard.needles(SECRETS).size());
        report("stored header fields", () -> guard.findInHeaders(STORED, needles).isPresent() ? 1 : 0);
        report("body (fold + scan)", () -> guard.find(body, needles).isPresent() ? 1 : 0);
        report("per stored page (all three)", () -> {
            LeakGuard.Needles built = guard.needles(SECRETS);
            return (guard.findInHeaders(STORED, built).isPresent() ? 1 : 0)
                    + (guard.find(body, built).isPresent() ? 1 : 0);
        });
    }

    private static void report(String what, LongSupplier run) {
        int iterations = 2_000;
        long sink = 0;
        for (int w = 0; w < 50 * iterations; w++) {
            sink += run.getAsLong(); // warm-up: let the JIT compile the scan
        }
        // The thread's CPU time, not the wall clock: on a shared machine the wall clock also counts the time the
        // thread waited for a core. Many short rounds and the best of them.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 50; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int n = 0; n < iterations; n++) {
                sink += run.getAsLong();
            }
            best = Math.min(best, (threads.getCurrentThreadCpuTime() - start) / iterations);
        }
        System.out.printf("%-30s %8.2f us CPU%s%n", what, best / 1000.0, sink < 0 ? " !" : "");
    }
}
