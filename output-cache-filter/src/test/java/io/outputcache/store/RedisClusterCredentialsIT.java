package io.outputcache.store;

import io.outputcache.CacheRule;
import io.outputcache.OutputCacheConfig;
import io.outputcache.OutputCacheFilter;
import io.outputcache.config.RedisCredentials;
import io.outputcache.testing.HttpProbe;
import io.outputcache.testing.PageServlet;
import io.outputcache.testing.RedisCluster;
import io.outputcache.testing.RedisProcess;
import io.outputcache.testing.TestRedis;
import io.outputcache.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The credentials hook on a 3-master Redis Cluster (the OSS cluster policy of Azure Managed Redis): the resolver's
 * user authenticates the connections to every master, pages spread over the slots are cached, and a renewed token
 * reaches every master's connections. No command answers CROSSSLOT.
 */
class RedisClusterCredentialsIT {

    @Test
    void theResolversCredentialsAuthenticateEveryMasterAndTheirRenewalReachesEachOne() {
        String prefix = TestRedis.newPrefix();
        AtomicInteger asked = new AtomicInteger();
        try (RedisCluster cluster = RedisCluster.start()) {
            for (RedisProcess master : cluster.masters()) {
                master.call("ACL", "SETUSER", "oid-1", "on", ">token-one", "~" + prefix + ":*", "+@all");
                master.call("ACL", "SETUSER", "oid-2", "on", ">token-two", "~" + prefix + ":*", "+@all");
            }
            OutputCacheConfig config = OutputCacheConfig.builder().redisUrls(cluster.urls())
                    .redisMode(OutputCacheConfig.RedisMode.CLUSTER).keyPrefix(prefix).storeTimeout(Duration.ofMillis(500))
                    .redis(r -> r.credentialsResolver(() -> asked.incrementAndGet() == 1
                            ? RedisCredentials.expiring("oid-1", "token-one", Instant.now().plusSeconds(4))
                            : RedisCredentials.expiring("oid-2", "token-two", Instant.now().plusSeconds(60))))
                    .rule(CacheRule.builder("pages").include("/**").ttl(Duration.ofMinutes(5)).build()).build();
            PageServlet page = new PageServlet();
            try (TestServer server = TestServer.builder().servlet("/*", page).filter(new OutputCacheFilter(config)).start()) {
                HttpProbe client = server.client();
                // Keys hash by the random prefix, so a fixed dozen pages missed one master about once in 40 runs:
                // cache pages until every master holds one (64 pages leave about 1 in 10^11 to chance).
                int pages = 0;
                while (pages < 64 && (pages < 12 || !everyMasterHoldsAPage(cluster, prefix))) {
                    String path = "/p" + pages++;
                    await().atMost(Duration.ofSeconds(15)).until(() -> client.get(path).isHit());
                }
                for (RedisProcess master : cluster.masters()) {
                    assertThat(master.scanCount(prefix + ":p:*")).as("pages on every master").isPositive();
                }
                // After the renewal (at 3 s), oid-1 may go: every master's connections authenticated again as oid-2.
                await().atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
                    for (RedisProcess master : cluster.masters()) {
                        String clients = (String) master.call("CLIENT", "LIST");
                        assertThat(clients).contains("user=oid-2").doesNotContain("user=oid-1");
                    }
                });
                for (RedisProcess master : cluster.masters()) {
                    master.call("ACL", "SETUSER", "oid-1", "off");
                }
                int renders = page.renders();
                for (int i = 0; i < pages; i++) {
                    assertThat(client.get("/p" + i).isHit()).isTrue();
                }
                assertThat(page.renders()).isEqualTo(renders);
                assertThat(cluster.errorCount("CROSSSLOT")).isZero();
            }
        }
    }

    private static boolean everyMasterHoldsAPage(RedisCluster cluster, String prefix) {
        return cluster.masters().stream().allMatch(master -> master.scanCount(prefix + ":p:*") > 0);
    }
}
