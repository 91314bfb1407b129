package io.outputcache.demo.hitbench;

import io.outputcache.demo.hitbench.HitBench.Cell;
import io.outputcache.demo.hitbench.HitBench.Result;
import io.outputcache.demo.hitbench.HitBench.Sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The outputs of a run: the ratio table (Markdown, printed and pasted into the docs), JSON and HTML. */
final class HitReport {
    static final String JSON = "hitbench-report.json";
    static final String HTML = "hitbench-report.html";
    private static final Target[] BASES = {Target.LIMIT, Target.VARNISH, Target.NGINX};

    private HitReport() {
    }

    static void write(Result r, Path dir) throws IOException {
        Files.writeString(dir.resolve(JSON), Json.write(json(r)), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(HTML), html(r), StandardCharsets.UTF_8);
    }

    /** {@code a / b}, NaN when either is missing. */
    static double ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? Double.NaN : a / b;
    }

    static String table(Result r) {
        StringBuilder sb = new StringBuilder("\n");
        sb.append(String.format(Locale.ROOT, "%d round(s) of %s per target (medians), %d connections; %s%n%n",
                r.options().rounds(), seconds(r.options().duration()), r.options().connections(), r.loadGenerator()));
        sb.append("| # | target | client | req/s | p50 ms | p99 ms | server CPU µs/req (JVM + Redis + proxy) "
                + "| JVM ctx sw/req | req/s ÷ (1) | CPU ÷ (1) | req/s ÷ (5) | CPU ÷ (5) | req/s ÷ (6) | CPU ÷ (6) |\n");
        sb.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Target t : shown(r)) {
            for (boolean gzip : new boolean[]{false, true}) {
                Cell c = r.cell(t, gzip);
                sb.append("| ").append(t.number).append(" | ").append(t.label).append(" | ")
                        .append(gzip ? "gzip" : "identity").append(" | ");
                if (c.skipped() != null) {
                    sb.append(c.skipped()).append(" | | | | | | | | | | |\n");
                    continue;
                }
                sb.append(String.format(Locale.ROOT, "%,.0f | %.2f | %.2f | %.1f (%.1f + %.1f + %.1f) | %.2f",
                        c.rps(), c.median(s -> s.run().p50Ms()), c.median(s -> s.run().p99Ms()), c.cpuUs(),
                        c.median(Sample::jvmUs), c.median(Sample::redisUs), c.median(Sample::proxyUs),
                        c.median(Sample::jvmSwitches)));
                for (Target base : BASES) {
                    Cell b = r.cell(base, gzip);
                    sb.append(" | ").append(fmt(ratio(c.rps(), b.rps()))).append(" | ")
                            .append(fmt(ratio(c.cpuUs(), b.cpuUs())));
                }
                sb.append(" |\n");
            }
        }
        long errors = r.cells().values().stream().flatMap(m -> m.values().stream())
                .flatMap(c -> c.samples().stream()).mapToLong(s -> s.run().errors()).sum();
        if (errors > 0) {
            sb.append("\nerrors (non-200 or failed requests): ").append(errors).append('\n');
        }
        return sb.toString();
    }

    /** The rows of the table and charts: every default target, and an opt-in one only when it was asked for. */
    static List<Target> shown(Result r) {
        List<Target> list = new ArrayList<>();
        for (Target t : Target.values()) {
            if (!t.optIn || r.options().targets().contains(t)) {
                list.add(t);
            }
        }
        return list;
    }

    private static String seconds(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String fmt(double d) {
        return Double.isNaN(d) ? "–" : String.format(Locale.ROOT, "%.2f", d);
    }

    static Map<String, Object> json(Result r) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("durationMs", r.options().duration().toMillis());
        settings.put("warmUpMs", r.options().warmUp().toMillis());
        settings.put("rounds", r.options().rounds());
        settings.put("connections", r.options().connections());
        settings.put("pageBytes", r.cell(Target.LIMIT, false).median(s -> s.run().bodyBytes()));
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("settings", settings);
        all.put("loadGenerator", r.loadGenerator());
        all.put("pinned", r.pinned());
        all.put("notes", r.notes());
        Map<String, Object> targets = new LinkedHashMap<>();
        for (Target t : Target.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("number", t.number);
            m.put("label", t.label);
            for (boolean gzip : new boolean[]{false, true}) {
                m.put(gzip ? "gzip" : "identity", cell(r, r.cell(t, gzip)));
            }
            targets.put(t.key(), m);
        }
        all.put("targets", targets);
        return all;
    }

    private static Map<String, Object> cell(Result r, Cell c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("skipped", c.skipped() != null);
        if (c.skipped() != null) {
            m.put("reason", c.skipped());
            return m;
        }
        m.put("rps", c.rps());
        m.put("p50Ms", c.median(s -> s.run().p50Ms()));
        m.put("p99Ms", c.median(s -> s.run().p99Ms()));
        m.put("cpuMicrosPerRequest", c.cpuUs());
        m.put("jvmCpuMicrosPerRequest", c.median(Sample::jvmUs));
        m.put("redisCpuMicrosPerRequest", c.median(Sample::redisUs));
        m.put("proxyCpuMicrosPerRequest", c.median(Sample::proxyUs));
        m.put("jvmContextSwitchesPerRequest", c.median(Sample::jvmSwitches));
        m.put("bodyBytes", c.median(s -> s.run().bodyBytes()));
        m.put("errors", c.samples().stream().mapToLong(s -> s.run().errors()).sum());
        Map<String, Object> ratios = new LinkedHashMap<>();
        for (Target base : BASES) {
            Cell b = r.cell(base, c.gzip());
            String name = base == Target.LIMIT ? "Limit" : base == Target.VARNISH ? "Varnish" : "Nginx";
            ratios.put("rpsTo" + name, ratio(c.rps(), b.rps()));
            ratios.put("cpuTo" + name, ratio(c.cpuUs(), b.cpuUs()));
        }
        m.put("ratios", ratios);
        List<Object> rounds = new ArrayList<>();
        for (Sample s : c.samples()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("requests", s.run().requests());
            x.put("rps", s.run().rps());
            x.put("p50Ms", s.run().p50Ms());
            x.put("p99Ms", s.run().p99Ms());
            x.put("cpuMicrosPerRequest", s.cpuUs());
            x.put("jvmContextSwitchesPerRequest", s.jvmSwitches());
            rounds.add(x);
        }
        m.put("rounds", rounds);
        return m;
    }

    static String html(Result r) {
        StringBuilder rows = new StringBuilder();
        for (String line : table(r).split("\n")) {
            if (line.startsWith("| ") && !line.startsWith("| #")) {
                String[] cells = line.substring(2, line.length() - 2).split(" \\| ", -1);
                rows.append("<tr>");
                for (String c : cells) {
                    rows.append("<td>").append(escape(c)).append("</td>");
                }
                rows.append("</tr>\n");
            }
        }
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Output cache: the hit path at the limit</title>
                <style>
                body{font:14px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:1200px;color:#1f2933;padding:0 1rem}
                table{border-collapse:collapse;margin:1rem 0}td,th{padding:.3rem .5rem;border-bottom:1px solid #e4e7eb;text-align:right}
                td:nth-child(2),td:nth-child(3){text-align:left}figure{margin:1rem 0}figcaption{font-weight:600}
                .identity{fill:#3b6fb6}.gzip{fill:#2b8a3e}small{color:#616e7c}
                </style></head><body>
                <h1>The hit path at the limit</h1>
                <p><small>%s</small></p>
                <table><tr><th>#</th><th>target</th><th>client</th><th>req/s</th><th>p50 ms</th><th>p99 ms</th>
                <th>server CPU &micro;s/req (JVM + Redis + proxy)</th><th>JVM context switches/req</th><th>req/s &divide; (1)</th><th>CPU &divide; (1)</th>
                <th>req/s &divide; (5)</th><th>CPU &divide; (5)</th><th>req/s &divide; (6)</th><th>CPU &divide; (6)</th></tr>
                %s</table>
                %s%s
                <p><small><span style="color:#3b6fb6">&#9632;</span> identity clients
                <span style="color:#2b8a3e">&#9632;</span> gzip clients</small></p>
                </body></html>
                """.formatted(escape(String.join("; ", r.notes()) + "; " + r.options().rounds() + " round(s) of "
                        + seconds(r.options().duration()) + ", " + r.options().connections() + " connections, medians"), rows,
                chart(r, "Requests per second (higher is better)", true),
                chart(r, "Server CPU per request, µs (lower is better)", false));
    }

    private static String chart(Result r, String title, boolean rps) {
        double max = 1e-9;
        for (Target t : shown(r)) {
            for (boolean gzip : new boolean[]{false, true}) {
                double v = value(r.cell(t, gzip), rps);
                max = Double.isNaN(v) ? max : Math.max(max, v);
            }
        }
        StringBuilder svg = new StringBuilder();
        int y = 0;
        for (Target t : shown(r)) {
            svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">(%d) %s</text>%n", y + 22, t.number,
                    escape(t.label)));
            for (boolean gzip : new boolean[]{false, true}) {
                Cell c = r.cell(t, gzip);
                double v = value(c, rps);
                int w = Double.isNaN(v) ? 0 : (int) Math.round(420 * v / max);
                String text = c.skipped() != null ? c.skipped() : String.format(Locale.ROOT, rps ? "%,.0f" : "%.1f", v);
                int by = y + (gzip ? 18 : 4);
                svg.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"420\" y=\"%d\" height=\"12\" "
                        + "width=\"%d\"/><text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>%n", gzip ? "gzip"
                        : "identity", by, w, 426 + w, by + 11, escape(text)));
            }
            y += 36;
        }
        return "<figure><figcaption>" + escape(title) + "</figcaption><svg viewBox=\"0 0 1000 " + y
                + "\" width=\"100%\" role=\"img\" font-size=\"12\">\n" + svg + "</svg></figure>\n";
    }

    private static double value(Cell c, boolean rps) {
        return c.skipped() != null ? Double.NaN : rps ? c.rps() : c.cpuUs();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
