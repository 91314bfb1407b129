package io.outputcache.demo.hitbench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The load generator when {@code wrk} is installed: runs it with {@code --latency} and parses its output. */
final class WrkLoad implements LoadGenerator {
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("([0-9]+) requests in ([0-9.]+)(us|ms|s|m)");
    private static final Pattern READ = Pattern.compile("requests in [0-9.]+\\w+, ([0-9.]+)(B|KB|MB|GB) read");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+([0-9]+)");
    private static final Pattern ERRORS = Pattern.compile("Socket errors: connect ([0-9]+), read ([0-9]+), "
            + "write ([0-9]+), timeout ([0-9]+)");

    private final Path wrk;
    private final Processes processes;
    private final String cpus;

    WrkLoad(Path wrk, Processes processes, String cpus) {
        this.wrk = wrk;
        this.processes = processes;
        this.cpus = cpus;
    }

    @Override
    public String name() {
        return "wrk (" + wrk + ", 2 threads)";
    }

    @Override
    public Run run(int port, String path, boolean gzip, int connections, Duration duration) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(wrk.toString(), "-t" + Math.min(2, connections), "-c" + connections,
                "-d" + Math.max(1, duration.toSeconds()) + "s", "--latency"));
        if (gzip) {
            cmd.add("-H");
            cmd.add("Accept-Encoding: gzip");
        }
        cmd.add("http://127.0.0.1:" + port + path);
        Process p = processes.start(cmd, cpus, null);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        return parse(out);
    }

    /** Parses wrk's {@code --latency} report. */
    static Run parse(String out) {
        Matcher total = TOTAL.matcher(out);
        if (!total.find()) {
            throw new IllegalStateException("cannot read wrk's output: " + out);
        }
        long requests = Long.parseLong(total.group(1));
        double seconds = millis(total.group(2), total.group(3)) / 1000.0;
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(out);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher e = ERRORS.matcher(out);
        if (e.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(e.group(g));
            }
        }
        Matcher read = READ.matcher(out);
        double bytes = read.find() ? Double.parseDouble(read.group(1)) * unit(read.group(2)) : 0;
        Matcher rps = RPS.matcher(out);
        if (rps.find() && seconds > 0) {
            seconds = requests / Double.parseDouble(rps.group(1));
        }
        return new Run(requests, errors, seconds, percentile(out, "50%"), percentile(out, "99%"),
                requests == 0 ? 0 : bytes / requests);
    }

    private static double percentile(String out, String which) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(which) + "\\s+([0-9.]+)(us|ms|s|m)").matcher(out);
        return m.find() ? millis(m.group(1), m.group(2)) : Double.NaN;
    }

    private static double millis(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "us" -> v / 1000;
            case "ms" -> v;
            case "s" -> v * 1000;
            default -> v * 60_000;
        };
    }

    private static double unit(String u) {
        return switch (u) {
            case "KB" -> 1024;
            case "MB" -> 1024 * 1024;
            case "GB" -> 1024.0 * 1024 * 1024;
            default -> 1;
        };
    }
}
