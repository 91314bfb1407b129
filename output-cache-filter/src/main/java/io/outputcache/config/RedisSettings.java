package io.outputcache.config;

import io.outputcache.internal.config.ConfigValues;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the Redis store connects and how: the deployment with its addresses, the credentials (fixed, or from a
 * resolver), what TLS trusts, an optional Redisson YAML file for what these settings do not cover, and the connect
 * timeout. {@link #toString()} never shows a password.
 *
 * @param topology            standalone, cluster or sentinel, with the addresses
 * @param username            ACL user ({@code redis-username}, or the user of a {@code redis-url})
 * @param password            password or access key ({@code redis-password}, or the password of a {@code redis-url})
 * @param credentialsResolver credentials that change while running ({@code redis-credentials-resolver}); excludes
 *                            a fixed username and password
 * @param tls                 what {@code rediss://} connections trust and how strictly
 * @param redissonConfig      a Redisson YAML file; when present the other settings are not used
 * @param connectTimeout      how long opening a connection may take
 */
public record RedisSettings(RedisTopology topology, Optional<String> username, Optional<String> password,
                            Optional<RedisCredentialsResolver> credentialsResolver, TlsTrust tls,
                            Optional<Path> redissonConfig, Duration connectTimeout) {

    /** {@code redis://127.0.0.1:6379}, no credentials, 2 s to connect. */
    public static final RedisSettings DEFAULT = new RedisSettings(new RedisTopology.Standalone("redis://127.0.0.1:6379", 0),
            Optional.empty(), Optional.empty(), Optional.empty(), TlsTrust.DEFAULT, Optional.empty(),
            Duration.ofSeconds(2));

    public RedisSettings {
        Check.notNull("redis-mode", topology);
        Check.notNull("redis-username", username);
        Check.notNull("redis-password", password);
        Check.notNull("redis-credentials-resolver", credentialsResolver);
        Check.notNull("redis TLS trust", tls);
        Check.notNull("redisson-config", redissonConfig);
        Check.positive("redis-connect-timeout", connectTimeout);
        if (credentialsResolver.isPresent() && (username.isPresent() || password.isPresent())) {
            throw Check.fail("redis-credentials-resolver gives the credentials: do not set redis-username or"
                    + " redis-password (nor credentials in redis-url) as well");
        }
        if (redissonConfig.isPresent() && (credentialsResolver.isPresent() || !tls.isDefault())) {
            throw Check.fail("redisson-config replaces the redis-* settings: set the credentials resolver and the"
                    + " TLS trust in that file, not in redis-credentials-resolver or redis-trust-store/redis-ca-pem");
        }
        if (!tls.isDefault() && !topology.addresses().get(0).startsWith("rediss:")) {
            throw Check.fail("redis-trust-store, redis-ca-pem and redis-tls-verification apply to rediss:// only,"
                    + " but redis-url is " + topology.addresses());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The settings as their init-params spell them; the password as {@code ****}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("redis-url=").append(topology.addresses()).append(", redis-mode=")
                .append(topology.getClass().getSimpleName().toLowerCase(Locale.ROOT));
        username.ifPresent(u -> sb.append(", redis-username=").append(u));
        password.ifPresent(p -> sb.append(", redis-password=****"));
        credentialsResolver.ifPresent(r -> sb.append(", redis-credentials-resolver=").append(r.getClass().getName()));
        if (!tls.isDefault()) {
            sb.append(", ").append(tls);
        }
        if (topology instanceof RedisTopology.Standalone s) {
            sb.append(", redis-database=").append(s.database());
        } else if (topology instanceof RedisTopology.Sentinel s) {
            sb.append(", redis-database=").append(s.database()).append(", redis-sentinel-master=").append(s.masterName());
        }
        redissonConfig.ifPresent(f -> sb.append(", redisson-config=").append(f));
        return sb.append(", redis-connect-timeout=").append(ConfigValues.format(connectTimeout)).toString();
    }

    static void checkDatabase(int database) {
        if (database < 0) {
            throw Check.fail("redis-database must not be negative but was " + database);
        }
    }

    static List<String> checkAddresses(List<String> addresses) {
        if (addresses == null || addresses.isEmpty()) {
            throw Check.fail("redis-url must name at least one server");
        }
        long tls = addresses.stream().filter(a -> a.startsWith("rediss:")).count();
        if (tls != 0 && tls != addresses.size()) {
            throw Check.fail("redis-url mixes redis:// and rediss:// " + addresses);
        }
        return List.copyOf(addresses);
    }

    /**
     * Collects the Redis settings; each setter checks its argument at once and may be called once. A URL's
     * credentials count as setting {@code redis-username} / {@code redis-password}.
     */
    public static final class Builder {
        private enum Kind { STANDALONE, CLUSTER, SENTINEL }

        private List<String> addresses;
        private Kind kind;
        private String username;
        private String password;
        private Integer database;
        private String sentinelMaster;
        private Path redissonConfig;
        private Duration connectTimeout;
        private RedisCredentialsResolver credentialsResolver;
        private Path trustStore;
        private String trustStorePassword;
        private Path caPem;
        private TlsTrust.Verification verification;

        private Builder() {
        }

        /** One or more {@code redis://} or {@code rediss://} URLs; credentials in them are moved out. */
        public Builder urls(Collection<String> urls) {
            Check.unset("redis-url", addresses);
            if (Check.notNull("redis-url", urls).isEmpty()) {
                throw Check.fail("redis-url must name at least one server");
            }
            List<RedisUrl> parsed = urls.stream().map(RedisUrl::parse).toList();
            List<String> clean = new ArrayList<>();
            for (RedisUrl url : parsed) {
                clean.add(url.address());
                url.username().ifPresent(u -> credential("redis-username", username, u));
                url.password().ifPresent(p -> credential("redis-password", password, p));
                username = url.username().orElse(username);
                password = url.password().orElse(password);
            }
            this.addresses = clean;
            return this;
        }

        public Builder standalone() {
            return kind(Kind.STANDALONE);
        }

        /** The addresses are seed nodes of a Redis Cluster. */
        public Builder cluster() {
            return kind(Kind.CLUSTER);
        }

        /** The addresses are sentinels; {@link #sentinelMaster(String)} names the master. */
        public Builder sentinel() {
            return kind(Kind.SENTINEL);
        }

        public Builder username(String username) {
            if (username == null || username.isEmpty()) {
                throw Check.fail("redis-username must not be empty");
            }
            Check.unset("redis-username", this.username);
            this.username = username;
            return this;
        }

        public Builder password(String password) {
            if (password == null || password.isEmpty()) {
                throw Check.fail("redis-password must not be empty");
            }
            if (this.password != null) {
                throw Check.fail("redis-password was already set (shown as ****)");
            }
            this.password = password;
            return this;
        }

        public Builder database(int database) {
            Check.unset("redis-database", this.database);
            checkDatabase(database);
            this.database = database;
            return this;
        }

        public Builder sentinelMaster(String masterName) {
            Check.unset("redis-sentinel-master", sentinelMaster);
            if (masterName == null || masterName.isBlank()) {
                throw Check.fail("redis-sentinel-master must not be empty");
            }
            this.sentinelMaster = masterName;
            return this;
        }

        public Builder redissonConfig(Path file) {
            Check.unset("redisson-config", redissonConfig);
            this.redissonConfig = Check.notNull("redisson-config", file);
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            Check.unset("redis-connect-timeout", connectTimeout);
            this.connectTimeout = Check.positive("redis-connect-timeout", timeout);
            return this;
        }

        /** Credentials that change while the application runs (rotated passwords, access tokens). */
        public Builder credentialsResolver(RedisCredentialsResolver resolver) {
            Check.unset("redis-credentials-resolver", credentialsResolver == null ? null
                    : credentialsResolver.getClass().getName());
            this.credentialsResolver = Check.notNull("redis-credentials-resolver", resolver);
            return this;
        }

        /** A PKCS#12 or JKS file of the CA certificates {@code rediss://} connections trust, instead of the JVM's. */
        public Builder trustStore(Path file) {
            Check.unset("redis-trust-store", trustStore);
            this.trustStore = TlsTrust.readable("redis-trust-store", file);
            return this;
        }

        /** The password of {@link #trustStore(Path)}; may be empty for a store without one. */
        public Builder trustStorePassword(String password) {
            if (password == null) {
                throw Check.fail("redis-trust-store-password must not be null");
            }
            if (trustStorePassword != null) {
                throw Check.fail("redis-trust-store-password was already set (shown as ****)");
            }
            this.trustStorePassword = password;
            return this;
        }

        /** A PEM file of the CA certificates {@code rediss://} connections trust, instead of the JVM's. */
        public Builder caPem(Path file) {
            Check.unset("redis-ca-pem", caPem);
            this.caPem = TlsTrust.readable("redis-ca-pem", file);
            return this;
        }

        /** How strictly the server's certificate is checked; {@link TlsTrust.Verification#STRICT} by default. */
        public Builder tlsVerification(TlsTrust.Verification mode) {
            Check.unset("redis-tls-verification", verification == null ? null : verification.label());
            this.verification = Check.notNull("redis-tls-verification", mode);
            return this;
        }

        /** Checks the combination: one address unless cluster or sentinel; a master name for sentinel only. */
        public RedisSettings build() {
            List<String> urls = addresses != null ? addresses : DEFAULT.topology().addresses();
            Kind k = kind != null ? kind : Kind.STANDALONE;
            if (sentinelMaster != null && k != Kind.SENTINEL) {
                throw Check.fail("redis-sentinel-master applies to redis-mode sentinel only");
            }
            RedisTopology topology = switch (k) {
                case STANDALONE -> {
                    if (urls.size() > 1) {
                        throw Check.fail("redis-url lists " + urls.size()
                                + " servers; set redis-mode to cluster or sentinel, or give one");
                    }
                    yield new RedisTopology.Standalone(urls.get(0), database != null ? database : 0);
                }
                case CLUSTER -> {
                    if (database != null && database != 0) {
                        throw Check.fail("redis-database must be 0 in redis-mode cluster: a cluster has no other");
                    }
                    yield new RedisTopology.Cluster(urls);
                }
                case SENTINEL -> new RedisTopology.Sentinel(sentinelMaster, urls, database != null ? database : 0);
            };
            TlsTrust tls = new TlsTrust(Optional.ofNullable(trustStore), Optional.ofNullable(trustStorePassword),
                    Optional.ofNullable(caPem), verification != null ? verification : TlsTrust.Verification.STRICT);
            // Read the trust material now, so that a wrong file or password fails at start-up naming its option.
            tls.trustManagerFactory();
            return new RedisSettings(topology, Optional.ofNullable(username), Optional.ofNullable(password),
                    Optional.ofNullable(credentialsResolver), tls, Optional.ofNullable(redissonConfig),
                    connectTimeout != null ? connectTimeout : DEFAULT.connectTimeout());
        }

        private Builder kind(Kind k) {
            Check.unset("redis-mode", kind == null ? null : kind.name().toLowerCase(Locale.ROOT));
            this.kind = k;
            return this;
        }

        /** Several URLs may repeat the same credentials; a different second value is a contradiction. */
        private static void credential(String option, String current, String value) {
            if (current != null && !current.equals(value)) {
                throw Check.fail(option + " was already set"
                        + (option.equals("redis-password") ? " (shown as ****)" : " to " + current));
            }
        }
    }
}
