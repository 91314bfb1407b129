package io.outputcache.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Sentinel setup on free loopback ports, from the {@code redis-server} binary alone: a master, one replica and
 * three Sentinels ({@code redis-server sentinel.conf --sentinel}) that monitor the master under
 * {@link #MASTER_NAME} with a quorum of two. Failure detection is fast for tests ({@code down-after-milliseconds}
 * 1000). Ready when the replica is in sync and every Sentinel knows the replica and the two other Sentinels, which
 * is what a client needs to be able to follow a failover.
 */
public final class RedisSentinels implements AutoCloseable {
    public static final String MASTER_NAME = "oc-master";
    private static final Duration READY_WITHIN = Duration.ofSeconds(30);

    private final List<RedisProcess> servers = new ArrayList<>();
    private final List<RedisProcess> sentinels = new ArrayList<>();

    private RedisSentinels() {
    }

    public static RedisSentinels start() {
        RedisSentinels set = new RedisSentinels();
        try {
            RedisProcess master = RedisProcess.start();
            set.servers.add(master);
            set.servers.add(RedisProcess.start(List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())), null));
            for (int i = 0; i < 3; i++) {
                set.sentinels.add(startSentinel(master.port()));
            }
            set.awaitReady();
            return set;
        } catch (RuntimeException e) {
            set.close();
            throw e;
        }
    }

    private static RedisProcess startSentinel(int masterPort) {
        try {
            int port = RedisProcess.freePort();
            Path dir = Files.createTempDirectory("redis-sentinel");
            Path conf = dir.resolve("sentinel.conf");
            // Sentinel rewrites its config file with what it learns, so it must be a file of its own.
            Files.writeString(conf, String.join("\n",
                    "port " + port,
                    "bind 127.0.0.1",
                    "protected-mode no",
                    "dir " + dir,
                    "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 2",
                    "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                    "sentinel failover-timeout " + MASTER_NAME + " 10000",
                    "sentinel parallel-syncs " + MASTER_NAME + " 1",
                    ""));
            return RedisProcess.startWith(port, dir, List.of(conf.toString(), "--sentinel"), null);
        } catch (IOException e) {
            throw new IllegalStateException("could not write a sentinel.conf", e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (true) {
            String why = notReady();
            if (why == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Sentinel setup did not become ready within " + READY_WITHIN
                        + ": " + why);
            }
            sleep(100);
        }
    }

    /** Why the setup cannot yet follow a failover, or {@code null} when it can. */
    private String notReady() {
        RedisProcess master = master();
        String replication = master.info("replication");
        if (!replication.contains("connected_slaves:1") || !replication.contains("state=online")) {
            return "the replica is not in sync with the master on port " + master.port();
        }
        for (RedisProcess sentinel : sentinels) {
            List<?> replicas = (List<?>) sentinel.call("SENTINEL", "REPLICAS", MASTER_NAME);
            List<?> others = (List<?>) sentinel.call("SENTINEL", "SENTINELS", MASTER_NAME);
            if (replicas.size() != 1 || others.size() != sentinels.size() - 1) {
                return "sentinel on port " + sentinel.port() + " knows " + replicas.size() + " replica(s) and "
                        + others.size() + " other sentinel(s)";
            }
        }
        return null;
    }

    /** The Sentinel addresses a client is given. */
    public List<String> sentinelUrls() {
        return sentinels.stream().map(RedisProcess::url).toList();
    }

    /** The data node the Sentinels name as master now. */
    public RedisProcess master() {
        int port = masterPort();
        return servers.stream().filter(s -> s.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("the sentinels name an unknown master on port " + port));
    }

    /** The master's port as the first Sentinel that answers sees it. */
    public int masterPort() {
        for (RedisProcess sentinel : sentinels) {
            try {
                List<?> addr = (List<?>) sentinel.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
                return Integer.parseInt((String) addr.get(1));
            } catch (IllegalStateException unreachable) {
                // try the next sentinel
            }
        }
        throw new IllegalStateException("no sentinel answers");
    }

    /** The data node that is a replica now. */
    public RedisProcess replica() {
        int master = masterPort();
        return servers.stream().filter(s -> s.port() != master && s.isRunning()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no replica runs"));
    }

    /** Waits until the replica has applied everything the master has written (offsets equal). */
    public void awaitReplicaInSync() {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            String master = master().info("replication");
            String replica = replica().info("replication");
            if (offset(master, "master_repl_offset") == offset(replica, "slave_repl_offset")) {
                return;
            }
            sleep(10);
        }
        throw new IllegalStateException("the replica did not catch up with the master within 5 s");
    }

    private static long offset(String info, String field) {
        return info.lines().filter(l -> l.startsWith(field + ":")).findFirst()
                .map(l -> Long.parseLong(l.substring(field.length() + 1).trim())).orElse(-1L);
    }

    /** The data nodes (master and replica), as started. */
    public List<RedisProcess> servers() {
        return List.copyOf(servers);
    }

    /** Role of each data node that runs ({@code INFO replication}), by port, for test reports. */
    public Map<Integer, String> roles() {
        Map<Integer, String> roles = new java.util.TreeMap<>();
        for (RedisProcess s : servers) {
            if (s.isRunning()) {
                String role = s.info("replication").lines().filter(l -> l.startsWith("role:")).findFirst()
                        .orElse("role:?");
                roles.put(s.port(), role.substring(5).trim());
            }
        }
        return roles;
    }

    @Override
    public void close() {
        sentinels.forEach(RedisProcess::close);
        servers.forEach(RedisProcess::close);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
