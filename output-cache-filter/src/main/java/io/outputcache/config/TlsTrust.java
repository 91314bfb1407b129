package io.outputcache.config;

import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Which certificates a {@code rediss://} connection trusts, and how strictly it checks them. By default the JVM's
 * trusted CAs and full verification (the chain, and that the certificate names the host); a trust store or a PEM
 * file replaces the JVM's CAs, e.g. with a private CA. {@link #toString()} never shows the password.
 *
 * @param trustStore         a PKCS#12 or JKS file of trusted CA certificates ({@code redis-trust-store})
 * @param trustStorePassword its password ({@code redis-trust-store-password})
 * @param caPem              a PEM file of one or more trusted CA certificates ({@code redis-ca-pem})
 * @param verification       how the server's certificate is checked ({@code redis-tls-verification})
 */
public record TlsTrust(Optional<Path> trustStore, Optional<String> trustStorePassword, Optional<Path> caPem,
                       Verification verification) {

    /** The JVM's trusted CAs, full verification. */
    public static final TlsTrust DEFAULT = new TlsTrust(Optional.empty(), Optional.empty(), Optional.empty(),
            Verification.STRICT);

    /** How the server's certificate is checked; there is deliberately no setting that checks nothing. */
    public enum Verification {
        /** The chain up to a trusted CA and the host name (the default). */
        STRICT,
        /** The chain up to a trusted CA only: for servers reached by an address their certificate does not name. */
        CA_ONLY;

        /** The init-param spelling: {@code strict}, {@code ca-only}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public TlsTrust {
        Check.notNull("redis-trust-store", trustStore);
        Check.notNull("redis-trust-store-password", trustStorePassword);
        Check.notNull("redis-ca-pem", caPem);
        Check.notNull("redis-tls-verification", verification);
        if (trustStore.isPresent() && caPem.isPresent()) {
            throw Check.fail("set redis-trust-store or redis-ca-pem, not both");
        }
        if (trustStorePassword.isPresent() && trustStore.isEmpty()) {
            throw Check.fail("redis-trust-store-password is set but redis-trust-store is not");
        }
    }

    /** Whether anything differs from the JVM's CAs with full verification. */
    public boolean isDefault() {
        return equals(DEFAULT);
    }

    /**
     * The trust managers for the configured file, read and parsed now; empty for the JVM's own CAs.
     *
     * @throws InvalidConfigurationException naming the option, when the file cannot be read or holds no certificate
     */
    public Optional<TrustManagerFactory> trustManagerFactory() {
        if (trustStore.isEmpty() && caPem.isEmpty()) {
            return Optional.empty();
        }
        KeyStore store = trustStore.isPresent() ? loadStore(trustStore.get(), trustStorePassword)
                : loadPem(caPem.get());
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return Optional.of(tmf);
        } catch (GeneralSecurityException e) {
            throw Check.fail("redis-trust-store could not be used: " + e.getMessage());
        }
    }

    private static KeyStore loadStore(Path file, Optional<String> password) {
        try {
            // KeyStore.getInstance(File, ...) tells PKCS#12 from JKS by the file's content.
            KeyStore store = KeyStore.getInstance(file.toFile(), password.map(String::toCharArray).orElse(null));
            if (store.size() == 0) {
                throw Check.fail("redis-trust-store " + file + " holds no certificate");
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            // The cause's text names the problem (wrong password, not a key store), never the password itself.
            throw Check.fail("redis-trust-store " + file + " is not a readable PKCS#12 or JKS file with this"
                    + " redis-trust-store-password: " + e.getMessage());
        }
    }

    private static KeyStore loadPem(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw Check.fail("redis-ca-pem " + file + " holds no certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw Check.fail("redis-ca-pem " + file + " is not a readable PEM file of certificates: " + e.getMessage());
        }
    }

    /** The settings as their init-params spell them; the password as {@code ****}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        trustStore.ifPresent(f -> sb.append("redis-trust-store=").append(f).append(", "));
        trustStorePassword.ifPresent(p -> sb.append("redis-trust-store-password=****, "));
        caPem.ifPresent(f -> sb.append("redis-ca-pem=").append(f).append(", "));
        return sb.append("redis-tls-verification=").append(verification.label()).toString();
    }

    static Path readable(String option, Path file) {
        Check.notNull(option, file);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw Check.fail(option + " must be a readable file but was " + file);
        }
        return file;
    }
}
