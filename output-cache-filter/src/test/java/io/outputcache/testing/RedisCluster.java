package io.outputcache.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis Cluster of three masters (no replicas) on free loopback ports, made from the {@code redis-server} binary
 * alone: each node runs with {@code --cluster-enabled yes}; the slots are assigned and the nodes introduced with
 * {@code CLUSTER ADDSLOTS} and {@code CLUSTER MEET}, which is what {@code redis-cli --cluster create} sends, so that
 * neither {@code redis-cli} nor Ruby is needed. Ready when every node reports {@code cluster_state:ok}.
 */
public final class RedisCluster implements AutoCloseable {
    private static final int SLOTS = 16384;
    private static final Duration READY_WITHIN = Duration.ofSeconds(20);

    private final List<RedisProcess> masters;

    private RedisCluster(List<RedisProcess> masters) {
        this.masters = masters;
    }

    public static RedisCluster start() {
        List<RedisProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(RedisProcess.start(List.of("--cluster-enabled", "yes",
                        "--cluster-config-file", "{dir}/nodes.conf", "--cluster-node-timeout", "2000"), null));
            }
            RedisCluster cluster = new RedisCluster(nodes);
            cluster.form();
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(RedisProcess::close);
            throw e;
        }
    }

    private void form() {
        for (int i = 0; i < masters.size(); i++) {
            int from = i * SLOTS / masters.size();
            int to = (i + 1) * SLOTS / masters.size() - 1;
            List<String> args = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            for (int slot = from; slot <= to; slot++) {
                args.add(Integer.toString(slot));
            }
            masters.get(i).call(args.toArray(String[]::new));
        }
        // A node must hear of another node's epoch before the slots agree: give each its own epoch first.
        for (int i = 0; i < masters.size(); i++) {
            masters.get(i).call("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
        }
        for (int i = 1; i < masters.size(); i++) {
            masters.get(0).call("CLUSTER", "MEET", "127.0.0.1", Integer.toString(masters.get(i).port()));
        }
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (!ready()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Redis Cluster on ports " + ports() + " did not reach"
                        + " cluster_state:ok within " + READY_WITHIN + ": " + masters.get(0).call("CLUSTER", "INFO"));
            }
            sleep(50);
        }
    }

    private boolean ready() {
        for (RedisProcess node : masters) {
            String info = (String) node.call("CLUSTER", "INFO");
            if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + masters.size())) {
                return false;
            }
        }
        return true;
    }

    /** The seed addresses a client is given ({@code redis://127.0.0.1:port} for each master). */
    public List<String> urls() {
        return masters.stream().map(RedisProcess::url).toList();
    }

    public List<Integer> ports() {
        return masters.stream().map(RedisProcess::port).toList();
    }

    public List<RedisProcess> masters() {
        return masters;
    }

    /** How many times every node together ran {@code command} since start (from INFO commandstats). */
    public long commandCount(String command) {
        return masters.stream().mapToLong(n -> n.commandCounts().getOrDefault(command, 0L)).sum();
    }

    /** Error replies of every kind the nodes sent, summed (from INFO errorstats), e.g. {@code CROSSSLOT}. */
    public long errorCount(String errorPrefix) {
        long total = 0;
        for (RedisProcess node : masters) {
            for (String line : node.info("errorstats").split("\r?\n")) {
                if (line.startsWith("errorstat_" + errorPrefix + ":")) {
                    total += Long.parseLong(line.replaceAll(".*count=(\\d+).*", "$1"));
                }
            }
        }
        return total;
    }

    @Override
    public void close() {
        masters.forEach(RedisProcess::close);
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
