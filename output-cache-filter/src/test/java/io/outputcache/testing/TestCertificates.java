package io.outputcache.testing;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority and a server certificate for 127.0.0.1 / localhost, made at test time with the JDK's
 * own {@code keytool} (always there where Maven runs, unlike {@code openssl}): PEM files for redis-server
 * ({@code ca.crt}, {@code server.crt}, {@code server.key}) and a PKCS#12 trust store holding the CA for Java
 * clients. Valid for two days; nothing is reused between runs.
 */
public final class TestCertificates {
    /** The password of the PKCS#12 files (a test value, not a secret). */
    public static final String STORE_PASSWORD = "changeit";

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Makes a fresh CA and a server certificate signed by it, under a new temporary directory. */
    public static TestCertificates create() {
        try {
            Path dir = Files.createTempDirectory("redis-tls");
            TestCertificates c = new TestCertificates(dir);
            c.make();
            return c;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not make the test certificates: " + e, e);
        }
    }

    private void make() throws IOException, GeneralSecurityException {
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=output-cache test CA", "-ext", "bc:c", "-validity", "2",
                "-keystore", "ca.p12", "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-validity", "2",
                "-keystore", "server.p12", "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        keytool("-certreq", "-alias", "server", "-keystore", "server.p12", "-storepass", STORE_PASSWORD,
                "-file", "server.csr");
        keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-storepass", STORE_PASSWORD,
                "-infile", "server.csr", "-outfile", "server.crt", "-rfc", "-validity", "2",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-ext", "EKU=serverAuth", "-ext", "KU=digitalSignature");
        Files.writeString(caCertPem(), pem("CERTIFICATE", load(dir.resolve("ca.p12")).getCertificate("ca").getEncoded()));

        // keytool cannot export a private key; redis-server wants it as PEM (PKCS#8), which is its encoded form.
        KeyStore server = load(dir.resolve("server.p12"));
        Key key = server.getKey("server", STORE_PASSWORD.toCharArray());
        Files.writeString(dir.resolve("server.key"), pem("PRIVATE KEY", key.getEncoded()));

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", caCertificate());
        try (OutputStream out = Files.newOutputStream(trustStore())) {
            trust.store(out, STORE_PASSWORD.toCharArray());
        }
    }

    public Path caCertPem() {
        return dir.resolve("ca.crt");
    }

    public Path serverCertPem() {
        return dir.resolve("server.crt");
    }

    public Path serverKeyPem() {
        return dir.resolve("server.key");
    }

    /** A PKCS#12 trust store with the CA only (password {@link #STORE_PASSWORD}). */
    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    /** An SSL context that trusts the test CA only. */
    public SSLContext sslContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(trustStore()));
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not build an SSL context for the test CA", e);
        }
    }

    private Certificate caCertificate() throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(caCertPem())) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, STORE_PASSWORD.toCharArray());
        }
        return ks;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // a short-lived JVM: start it for speed, not for peak throughput
        command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        command.addAll(List.of(args));
        Path log = dir.resolve("keytool.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool " + args[0] + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed (exit " + p.exitValue() + "): "
                    + Files.readString(log));
        }
    }
}
