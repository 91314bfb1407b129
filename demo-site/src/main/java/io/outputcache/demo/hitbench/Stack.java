package io.outputcache.demo.hitbench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything the targets run on, started on free loopback ports on the servers' core: Redis (the one given, or
 * a {@code redis-server} from the PATH), the app JVM ({@link HitServer}), and Varnish and nginx in front of
 * the uncached render when their binaries are installed, from configuration generated in a temporary directory.
 */
final class Stack implements AutoCloseable {
    static final String SERVER_CPUS = "0";
    static final String LOAD_CPUS = "1";

    final Processes processes = new Processes();
    final Path dir;
    final List<String> notes = new ArrayList<>();
    long redisPid;
    long appPid;
    int appPort;
    /** Proxies that are installed but did not start, with the reason. */
    final java.util.Map<String, String> failed = new java.util.LinkedHashMap<>();
    Optional<Integer> varnishPort = Optional.empty();
    long varnishPid;
    Optional<Integer> nginxPort = Optional.empty();
    long nginxPid;

    private Stack(Path dir) {
        this.dir = dir;
    }

    /** {@code bare}: the server also runs the bare Redisson targets (7-9), which need their own client. */
    static Stack start(Optional<String> redisUrl, List<String> jvmOptions, boolean proxies, boolean bare)
            throws Exception {
        // Readable by others: varnishd, started as root, compiles the VCL as its own unprivileged user.
        Stack s = new Stack(Files.createTempDirectory("hitbench-", java.nio.file.attribute.PosixFilePermissions
                .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"))));
        try {
            String url = redisUrl.isPresent() ? redisUrl.get() : s.startRedis();
            s.redisPid = redisPid(url);
            if (s.redisPid == 0) {
                s.notes.add("Redis CPU not counted: its process is not on this machine or does not say its pid");
            }
            s.startApp(url, jvmOptions, bare);
            if (proxies) {
                s.proxy("varnishd", s::startVarnish);
                s.proxy("nginx", s::startNginx);
            }
            return s;
        } catch (Exception | Error e) {
            s.close();
            throw e;
        }
    }

    private String startRedis() throws Exception {
        Path redis = Processes.onPath("redis-server").orElseThrow(() -> new IllegalStateException(
                "no redis-server on the PATH: install it (apt-get install redis-server) or pass --redis URL"));
        int port = Processes.freePort();
        processes.start(List.of(redis.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--maxmemory", "256mb", "--daemonize", "no"),
                SERVER_CPUS, dir.resolve("redis.log"));
        Processes.awaitPort(port, 10_000);
        notes.add("started " + redis + " on 127.0.0.1:" + port);
        return "redis://127.0.0.1:" + port;
    }

    private void startApp(String redisUrl, List<String> jvmOptions, boolean bare) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xms256m", "-Xmx512m",
                "-Dlogback.configurationFile=" + logback()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), HitServer.class.getName(), redisUrl,
                "hitbench-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100_000, Boolean.toString(bare)));
        Process p = processes.start(cmd, SERVER_CPUS, null);
        appPort = Integer.parseInt(Processes.awaitLine(p, HitServer.READY, 120_000));
        appPid = p.pid();
    }

    /** A logback file that keeps the app's log quiet (WARN), so that logging costs nothing on the measured path. */
    private String logback() throws IOException {
        Path f = dir.resolve("logback.xml");
        Files.writeString(f, """
                <configuration><appender name="E" class="ch.qos.logback.core.ConsoleAppender"><encoder>
                <pattern>%d %level %logger{20} %msg%n</pattern></encoder></appender>
                <root level="WARN"><appender-ref ref="E"/></root></configuration>
                """);
        return f.toString();
    }

    private interface Start {
        void run() throws Exception;
    }

    /** A proxy that is installed but does not start is reported (with its log) and skipped, not fatal. */
    private void proxy(String name, Start start) throws InterruptedException {
        try {
            start.run();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            String log = "";
            try {
                Path f = dir.resolve(name + ".log");
                log = Files.exists(f) ? Files.readString(f) : "";
            } catch (IOException ignored) {
                // The reason alone has to do.
            }
            failed.put(name, name + " did not start: " + e.getMessage()
                    + (log.isBlank() ? "" : "; its log: " + tail(log.strip().replace('\n', ' '))));
            notes.add(failed.get(name));
        }
    }

    private static String tail(String s) {
        return s.length() > 600 ? "..." + s.substring(s.length() - 600) : s;
    }

    private void startVarnish() throws Exception {
        Optional<Path> varnishd = Processes.onPath("varnishd");
        if (varnishd.isEmpty()) {
            return;
        }
        int port = Processes.freePort();
        Path vcl = dir.resolve("hitbench.vcl");
        Files.writeString(vcl, """
                vcl 4.1;
                backend app { .host = "127.0.0.1"; .port = "%d"; }
                sub vcl_recv { unset req.http.Cookie; }
                sub vcl_backend_response { set beresp.ttl = 1h; }
                """.formatted(appPort));
        Process p = processes.start(List.of(varnishd.get().toString(), "-F", "-a", "127.0.0.1:" + port, "-f",
                vcl.toString(), "-n", dir.resolve("varnish").toString(), "-s", "malloc,256m", "-T", "none"),
                SERVER_CPUS, dir.resolve("varnishd.log"));
        // The VCL is compiled by a C compiler first: on one busy core that can take a while.
        Processes.awaitPort(port, 90_000, p);
        varnishPort = Optional.of(port);
        varnishPid = p.pid();
    }

    private void startNginx() throws Exception {
        Optional<Path> nginx = Processes.onPath("nginx");
        if (nginx.isEmpty()) {
            return;
        }
        int port = Processes.freePort();
        Path root = dir.resolve("nginx");
        Files.createDirectories(root.resolve("logs"));
        Path conf = root.resolve("nginx.conf");
        // The key holds the client's gzip acceptance, and the origin is asked for exactly that, so that a gzip
        // hit and an identity hit are both stored bytes, as in Varnish and in the output cache.
        Files.writeString(conf, """
                daemon off;
                master_process on;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log warn;
                events { worker_connections 1024; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body; proxy_temp_path %1$s/proxy; fastcgi_temp_path %1$s/fcgi;
                  uwsgi_temp_path %1$s/uwsgi; scgi_temp_path %1$s/scgi;
                  proxy_cache_path %1$s/cache levels=1:2 keys_zone=hitbench:10m max_size=256m;
                  map $http_accept_encoding $hb_gzip { ~*gzip gzip; default ""; }
                  upstream app { server 127.0.0.1:%2$d; keepalive 64; }
                  server {
                    listen 127.0.0.1:%3$d;
                    location / {
                      proxy_pass http://app;
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      proxy_set_header Accept-Encoding $hb_gzip;
                      proxy_cache hitbench;
                      proxy_cache_key $request_uri$hb_gzip;
                      proxy_cache_valid 200 1h;
                    }
                  }
                }
                """.formatted(root, appPort, port));
        Process p = processes.start(List.of(nginx.get().toString(), "-p", root.toString(), "-c", conf.toString()),
                SERVER_CPUS, dir.resolve("nginx.log"));
        Processes.awaitPort(port, 60_000, p);
        nginxPort = Optional.of(port);
        nginxPid = p.pid();
    }

    /** The pid Redis reports in {@code INFO server}, when it runs on this machine (loopback); 0 otherwise. */
    static long redisPid(String url) {
        try {
            URI uri = new URI(url);
            String host = uri.getHost();
            if (host == null || !(host.equals("127.0.0.1") || host.equals("localhost")) || uri.getUserInfo() != null) {
                return 0;
            }
            try (Socket s = new Socket(host, uri.getPort() > 0 ? uri.getPort() : 6379)) {
                s.setSoTimeout(3000);
                OutputStream out = s.getOutputStream();
                out.write("INFO server\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[16384];
                StringBuilder sb = new StringBuilder();
                Matcher m = Pattern.compile("process_id:([0-9]+)").matcher("");
                for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                    sb.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
                    if (m.reset(sb).find() || sb.indexOf("tcp_port") >= 0) {
                        break;
                    }
                }
                return m.reset(sb).find() ? Long.parseLong(m.group(1)) : 0;
            }
        } catch (Exception e) {
            return 0;
        }
    }

    @Override
    public void close() {
        processes.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
