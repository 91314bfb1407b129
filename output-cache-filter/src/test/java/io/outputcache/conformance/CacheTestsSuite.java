package io.outputcache.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP caching test suite ({@code http-cache-tests}, pinned in {@code src/test/conformance/package.json}),
 * driven from Java: installs it with {@code npm ci}, starts its origin server on 127.0.0.1 and runs its proxy
 * client against a base URL, with a hard time bound. Results are classified by the suite's own
 * {@code determineTestResult} (in {@code client.mjs}), dependencies honoured, as cache-tests.fyi counts them.
 */
final class CacheTestsSuite {
    static final String REQUIRE_ALL = "OUTPUTCACHE_REQUIRE_ALL_TESTS";
    private static final Duration INSTALL_LIMIT = Duration.ofMinutes(3);
    private static final Duration RUN_LIMIT = Duration.ofSeconds(150);

    private final Path dir;

    private CacheTestsSuite(Path dir) {
        this.dir = dir;
    }

    /** Whether {@code node} and {@code npm} can be run here. */
    static boolean toolsAvailable() {
        return runs("node", "--version") && runs("npm", "--version");
    }

    /** Copies the harness files under {@code work} and installs the pinned suite there (once per lock file). */
    static CacheTestsSuite install(Path sources, Path work) throws IOException, InterruptedException {
        Files.createDirectories(work);
        for (String file : List.of("package.json", "package-lock.json", "origin.mjs", "client.mjs")) {
            Files.copy(sources.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Path stamp = work.resolve("node_modules/.installed-lock.json");
        byte[] lock = Files.readAllBytes(work.resolve("package-lock.json"));
        boolean current = Files.exists(work.resolve("node_modules/http-cache-tests/package.json"))
                && Files.exists(stamp) && java.util.Arrays.equals(Files.readAllBytes(stamp), lock);
        if (!current) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("npm-ci.log").toFile()).start();
            if (!npm.waitFor(INSTALL_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci did not finish within " + INSTALL_LIMIT + " (see "
                        + work.resolve("npm-ci.log") + ")");
            }
            if (npm.exitValue() != 0) {
                throw new IllegalStateException("npm ci failed with exit code " + npm.exitValue() + ":\n"
                        + Files.readString(work.resolve("npm-ci.log")));
            }
            Files.write(stamp, lock);
        }
        return new CacheTestsSuite(work);
    }

    /** The suite's origin server, on a free loopback port. */
    Origin startOrigin() throws IOException {
        Process process = new ProcessBuilder("node", "origin.mjs", "0").directory(dir.toFile())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("listening ")) {
            process.destroyForcibly();
            throw new IllegalStateException("the suite's origin server did not start: " + line);
        }
        int port = Integer.parseInt(line.substring("listening ".length()).trim());
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe empty so the server never blocks on its own output
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "cache-tests-origin-output");
        drain.setDaemon(true);
        drain.start();
        return new Origin(process, port);
    }

    /** Runs the whole proxy client against {@code baseUrl}; {@code label} names the output files. */
    Run run(String baseUrl, String label) throws IOException, InterruptedException {
        Path results = dir.resolve("results-" + label + ".json");
        Path lines = dir.resolve("results-" + label + ".txt");
        Path errors = dir.resolve("results-" + label + ".err");
        Process client = new ProcessBuilder("node", "client.mjs", baseUrl, results.toString())
                .directory(dir.toFile()).redirectOutput(lines.toFile()).redirectError(errors.toFile()).start();
        if (!client.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new IllegalStateException("the suite's client did not finish within " + RUN_LIMIT + " against "
                    + baseUrl + " (the suite has no client timeout: a hanging response stalls it)");
        }
        if (client.exitValue() != 0) {
            throw new IllegalStateException("the suite's client failed with exit code " + client.exitValue() + ":\n"
                    + Files.readString(errors));
        }
        Map<String, Result> byId = new TreeMap<>();
        for (String line : Files.readAllLines(lines, StandardCharsets.UTF_8)) {
            if (!line.startsWith("RESULT ")) {
                continue;
            }
            String[] parts = line.split(" ", 5);
            byId.put(parts[1], new Result(parts[1], parts[2], parts[3], parts.length > 4 ? parts[4] : ""));
        }
        if (byId.isEmpty()) {
            throw new IllegalStateException("the suite's client reported no results; see " + lines + " and " + errors);
        }
        return new Run(label, byId);
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The running origin server. */
    record Origin(Process process, int port) implements AutoCloseable {
        String baseUrl() {
            return "http://127.0.0.1:" + port;
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    /**
     * One test's result. {@code outcome} is the suite's classification: pass, fail, optional_fail, yes, no,
     * setup_fail, harness_fail, dependency_fail, retry or untested.
     */
    record Result(String id, String kind, String outcome, String message) {
        boolean harnessError() {
            return outcome.equals("setup_fail") || outcome.equals("harness_fail") || outcome.equals("retry");
        }
    }

    /** All results of one run. */
    record Run(String label, Map<String, Result> results) {
        long count(String kind, String outcome) {
            return results.values().stream().filter(r -> r.kind().equals(kind) && r.outcome().equals(outcome)).count();
        }

        long requiredPassed() {
            return count("required", "pass");
        }

        long requiredFailed() {
            return count("required", "fail");
        }

        long optimalPassed() {
            return count("optimal", "pass");
        }

        long harnessErrors() {
            return results.values().stream().filter(Result::harnessError).count();
        }

        /** The row of the table in docs/conformance.md: passed / failed per kind. */
        String row() {
            return String.format(Locale.ROOT, "required %d / %d | optimal %d / %d | check %d / %d"
                            + " | setup or harness errors %d | dependency not met %d",
                    requiredPassed(), requiredFailed(), optimalPassed(), count("optimal", "optional_fail"),
                    count("check", "yes"), count("check", "no"), harnessErrors(),
                    results.values().stream().filter(r -> r.outcome().equals("dependency_fail")).count());
        }

        List<Result> notPassed() {
            List<Result> out = new ArrayList<>();
            for (Result r : results.values()) {
                if (!r.outcome().equals("pass") && !r.outcome().equals("yes")) {
                    out.add(r);
                }
            }
            return out;
        }
    }
}
