package io.outputcache.demo.hitbench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The child processes of the benchmark: found on the PATH, pinned with {@code taskset} where it exists, never
 * daemons, and destroyed (with their descendants) when closed, also by a shutdown hook.
 */
final class Processes implements AutoCloseable {
    private final List<Process> started = new ArrayList<>();
    private final Thread hook = new Thread(this::close, "hitbench-children");
    private final Optional<Path> taskset = onPath("taskset");
    /** Read before any pinning: afterwards the JVM counts only the CPUs it is pinned to. */
    private final int cpus = Runtime.getRuntime().availableProcessors();
    private volatile boolean selfPinned;

    Processes() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            for (String d : new String[]{dir, dir.replace("/bin", "/sbin")}) {
                Path p = Path.of(d, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    boolean pinning() {
        return taskset.isPresent() && cpus > 1;
    }

    /** Pins this JVM (all its threads) to {@code cpus}, e.g. the load generator's core; false when it cannot. */
    boolean pinSelf(String cpus) {
        if (!pinning()) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(taskset.get().toString(), "-a", "-p", "-c", cpus,
                    Long.toString(ProcessHandle.current().pid())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            boolean done = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            selfPinned = done;
            return done;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts {@code command} pinned to {@code cpus} (when it can), its output to {@code log}. */
    Process start(List<String> command, String cpus, Path log) throws IOException {
        List<String> full = new ArrayList<>();
        if (pinning() && cpus != null) {
            full.add(taskset.get().toString());
            full.add("-c");
            full.add(cpus);
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
        if (log != null) {
            pb.redirectOutput(log.toFile());
        }
        Process p = pb.start();
        synchronized (started) {
            started.add(p);
        }
        return p;
    }

    /** Reads the child's output until a line starts with {@code prefix}; returns the rest of that line. */
    static String awaitLine(Process p, String prefix, long timeoutMs) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.currentTimeMillis() + timeoutMs;
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith(prefix)) {
                Thread drain = new Thread(() -> drain(in), "hitbench-drain");
                drain.setDaemon(true);
                drain.start();
                return line.substring(prefix.length()).trim();
            }
            seen.append(line).append('\n');
            if (System.currentTimeMillis() > deadline) {
                break;
            }
        }
        throw new IOException("child process did not get ready; its output:\n" + tail(seen.toString()));
    }

    private static void drain(BufferedReader in) {
        try {
            while (in.readLine() != null) {
                // The child's later output (logging) is not needed.
            }
        } catch (IOException e) {
            // The child stopped.
        }
    }

    private static String tail(String s) {
        return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    }

    /** Waits until something accepts connections on the loopback port. */
    static void awaitPort(int port, long timeoutMs) throws IOException, InterruptedException {
        awaitPort(port, timeoutMs, null);
    }

    /** As above, failing at once when {@code process} (if given) exits first. */
    static void awaitPort(int port, long timeoutMs, Process process) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                if (process != null && !process.isAlive()) {
                    throw new IOException("it exited with status " + process.exitValue());
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("nothing listens on 127.0.0.1:" + port + " after " + timeoutMs + " ms");
                }
                Thread.sleep(50);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Also gives this JVM all its CPUs back: it may go on, e.g. as a test's JVM. */
    @Override
    public void close() {
        if (selfPinned) {
            pinSelf("0-" + (cpus - 1));
            selfPinned = false;
        }
        List<Process> all;
        synchronized (started) {
            all = new ArrayList<>(started);
            started.clear();
        }
        // Politely first (a JVM child then writes its flight recording, if it makes one), then for sure.
        for (Process p : all) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Process p : all) {
            try {
                p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook runs this anyway.
            }
        }
    }
}
