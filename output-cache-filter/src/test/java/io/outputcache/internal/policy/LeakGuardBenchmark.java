package io.outputcache.internal.policy;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Measures what the leak guard costs per stored page: the scan of a page that contains none of the request's
 * values (the common case, and the most expensive one, since every value is searched to the end).
 * Run with {@code mvn -o -q test -pl output-cache-filter -Dtest=LeakGuardBenchmark -Dbenchmark=true}; the
 * results go to standard output (target/surefire-reports/...-output.txt). Skipped in ordinary builds.
 */
class LeakGuardBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** The values a typical signed-in request carries: session id, principal, XSRF cookie, CSRF attribute. */
    private static final List<LeakGuard.Secret> SECRETS = List.of(
            new LeakGuard.Secret("session id", "node01v8l2m4n6p8q0r2s4t6u8w0y2a4c6e8.node0"),
            new LeakGuard.Secret("principal", "alice.anderson"),
            new LeakGuard.Secret("cookie XSRF-TOKEN", "a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d"),
            new LeakGuard.Secret("attribute _csrf", "n9m8l7k6-j5h4-4g3f-2e1d-c0b9a8z7y6x5"));

    /** A shop-like page: product cards with links, names, prices and plenty of 'a' and 'n' to trip the filter. */
    static byte[] page(int targetBytes) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><title>Catalogue</title>"
                + "<link rel=\"stylesheet\" href=\"/static/site.css\"></head><body><nav><a href=\"/\">Home</a>"
                + "<a href=\"/account\">Account</a></nav><main class=\"grid\">");
        int i = 0;
        while (html.length() < targetBytes) {
            html.append("<article class=\"card\"><a href=\"/products/").append(i).append("\"><img src=\"/img/p")
                    .append(i).append(".png\" alt=\"Handmade ceramic planter number ").append(i).append("\"></a>")
                    .append("<h2>Anthracite planter ").append(i).append("</h2><p class=\"price\">EUR ")
                    .append(10 + i % 90).append(".95</p><p>An elegant, hand-glazed planter in natural tones; ")
                    .append("available in several sizes and shipped within one to two business days.</p>")
                    .append("<form method=\"post\" action=\"/cart\"><input type=\"hidden\" name=\"id\" value=\"")
                    .append(i).append("\"><button>Add to basket</button></form></article>");
            i++;
        }
        return html.append("</main></body></html>").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void costPerStoredPage() {
        assumeTrue(Boolean.getBoolean("benchmark"), "benchmark: run with -Dbenchmark=true");
        LeakGuard guard = new LeakGuard(4);
        for (int size : new int[] {8 * 1024, 32 * 1024, 128 * 1024, 512 * 1024}) {
            byte[] body = page(size);
            assertThat(guard.find(body, SECRETS)).isEmpty();
            long iterations = Math.max(200, 200_000_000L / body.length);
            long sink = 0;
            for (long w = 0; w < iterations; w++) {
                sink += guard.find(body, SECRETS).isPresent() ? 1 : 0; // warm-up: let the JIT compile the scan
            }
            // Thread CPU time: on a shared machine the wall clock also counts waiting for a core.
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                long start = THREADS.getCurrentThreadCpuTime();
                for (long n = 0; n < iterations; n++) {
                    sink += guard.find(body, SECRETS).isPresent() ? 1 : 0;
                }
                best = Math.min(best, (THREADS.getCurrentThreadCpuTime() - start) / iterations);
            }
            System.out.printf("leak guard, %d values (%d needles), page %6d bytes: %7.1f us CPU per page"
                    + " (%.2f ns/byte)%s%n", SECRETS.size(), guard.needles(SECRETS).size(), body.length,
                    best / 1000.0, (double) best / body.length, sink == 0 ? "" : " !");
        }
    }
}
