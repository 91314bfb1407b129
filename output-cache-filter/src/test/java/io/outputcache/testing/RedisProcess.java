package io.outputcache.testing;

import javax.net.SocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway redis-server process on a free loopback port, which a test may stop, kill, pause and restart on the
 * same port. Keeps nothing on disk but its log (and, for cluster and Sentinel roles, the config file they must
 * write) in a temporary directory. The topologies ({@link RedisCluster}, {@link RedisSentinels}, {@link RedisTls})
 * are built from these.
 */
public final class RedisProcess implements AutoCloseable {
    private final Path binary;
    private final int port;
    private final Path dir;
    private final List<String> arguments;
    private final SocketFactory sockets;
    private Process process;

    private RedisProcess(Path binary, int port, Path dir, List<String> arguments, SocketFactory sockets) {
        this.binary = binary;
        this.port = port;
        this.dir = dir;
        this.arguments = List.copyOf(arguments);
        this.sockets = sockets;
    }

    /** A plain standalone server. */
    public static RedisProcess start() {
        return start(List.of(), null);
    }

    /**
     * A server started with the common settings (loopback, no persistence, its own directory, {@code --port}) and
     * {@code extra} after them, which may override them (a TLS server passes {@code --port 0 --tls-port N}).
     * {@code extra} may use the placeholders {@code {port}} and {@code {dir}}.
     */
    static RedisProcess start(List<String> extra, SocketFactory sockets) {
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("redis-test");
            List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "no"));
            for (String e : extra) {
                args.add(e.replace("{port}", Integer.toString(port)).replace("{dir}", dir.toString()));
            }
            return startWith(port, dir, args, sockets);
        } catch (IOException e) {
            throw new IllegalStateException("could not start redis-server", e);
        }
    }

    /** A process started with exactly {@code arguments} after the binary (a Sentinel: its config file). */
    static RedisProcess startWith(int port, Path dir, List<String> arguments, SocketFactory sockets) {
        RedisProcess p = new RedisProcess(RedisBinary.find(), port, dir, arguments,
                sockets == null ? SocketFactory.getDefault() : sockets);
        p.startProcess();
        return p;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The directory of this process: its log is {@code redis.log}. */
    public Path dir() {
        return dir;
    }

    /** How many keys match {@code pattern} on this server alone (a full SCAN). */
    public long scanCount(String pattern) {
        long count = 0;
        String cursor = "0";
        do {
            List<?> reply = (List<?>) call("SCAN", cursor, "MATCH", pattern, "COUNT", "1000");
            cursor = (String) reply.get(0);
            count += ((List<?>) reply.get(1)).size();
        } while (!"0".equals(cursor));
        return count;
    }

    /** Sends one command over a fresh connection and returns the parsed reply (see {@link Resp}). */
    public Object call(String... args) {
        return Resp.call(sockets, port, args);
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the server again on the same port (after {@link #kill()} or {@link #stop()}). */
    public synchronized void restart() {
        if (isRunning()) {
            throw new IllegalStateException("redis-server is still running");
        }
        startProcess();
    }

    /** Kills the server at once (SIGKILL): connections drop, nothing is flushed. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            waitForExit();
        }
    }

    /** Freezes the process (SIGSTOP): connections stay open and nothing answers, as with a hung server. */
    public void freeze() {
        signal("STOP");
    }

    public void thaw() {
        signal("CONT");
    }

    /** Sends one command over a fresh connection and returns the raw RESP reply (for DEBUG SLEEP, CLIENT PAUSE...). */
    public String command(String... args) {
        try (Socket s = sockets.createSocket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(30_000);
            StringBuilder resp = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) {
                resp.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            }
            OutputStream out = s.getOutputStream();
            out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                line.append((char) c);
            }
            return line.toString().trim();
        } catch (IOException e) {
            throw new IllegalStateException("redis command " + List.of(args) + " failed", e);
        }
    }

    /** The text of {@code INFO <section>} (e.g. "commandstats"), read whole, over a fresh connection. */
    public String info(String section) {
        try (Socket s = sockets.createSocket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(10_000);
            String req = "*2\r\n$4\r\nINFO\r\n$" + section.length() + "\r\n" + section + "\r\n";
            s.getOutputStream().write(req.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            StringBuilder header = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                header.append((char) c);
            }
            String h = header.toString().trim();
            if (!h.startsWith("$")) {
                throw new IllegalStateException("unexpected INFO reply " + h);
            }
            byte[] body = in.readNBytes(Integer.parseInt(h.substring(1)));
            return new String(body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("INFO " + section + " failed", e);
        }
    }

    /**
     * How many times the server ran each command since start or {@code CONFIG RESETSTAT}, from
     * {@code INFO commandstats} (keys are lower-case command names such as "get", "set", "evalsha").
     */
    public java.util.Map<String, Long> commandCounts() {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        for (String line : info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("calls=(\\d+)").matcher(line);
                if (m.find()) {
                    counts.put(name, Long.parseLong(m.group(1)));
                }
            }
        }
        return counts;
    }

    @Override
    public void close() {
        thawQuietly();
        kill();
    }

    private void thawQuietly() {
        if (isRunning()) {
            try {
                signal("CONT");
            } catch (RuntimeException ignored) {
                // best effort: the process is killed next anyway
            }
        }
    }

    private void startProcess() {
        try {
            List<String> commandLine = new ArrayList<>();
            commandLine.add(binary.toString());
            commandLine.addAll(arguments);
            process = new ProcessBuilder(commandLine)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + binary, e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited at start: " + lastLogLines());
            }
            try {
                if ("+PONG".equals(command("PING"))) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not answer PING within 10 s: " + lastLogLines());
    }

    /** The end of the log, for start-up failures (e.g. a binary built without TLS). */
    String lastLogLines() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("redis.log"));
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
        } catch (IOException e) {
            return "(no log in " + dir + ")";
        }
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + signal + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void waitForExit() {
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
