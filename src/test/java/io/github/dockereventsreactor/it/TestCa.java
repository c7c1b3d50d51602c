package io.github.dockereventsreactor.it;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate authority made for one test with openssl: a server certificate for 127.0.0.1 and a
 * client certificate, laid out as Docker's DOCKER_CERT_PATH is (ca.pem, cert.pem, key.pem).
 */
final class TestCa {

  private static final char[] PASSWORD = "test".toCharArray();
  private final Path dir;

  private TestCa(Path dir) {
    this.dir = dir;
  }

  static TestCa create(Path dir, String name) throws Exception {
    Files.createDirectories(dir.resolve("client"));
    openssl(
        dir,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=" + name,
        "-keyout",
        "ca-key.pem",
        "-out",
        "ca.pem");
    issue(
        dir,
        "server",
        "/CN=127.0.0.1",
        "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    issue(dir, "client", "/CN=reactor", "extendedKeyUsage=clientAuth\n");
    Files.move(dir.resolve("client-key.pem"), dir.resolve("client/key.pem"));
    Files.move(dir.resolve("client-cert.pem"), dir.resolve("client/cert.pem"));
    Files.copy(dir.resolve("ca.pem"), dir.resolve("client/ca.pem"));
    openssl(
        dir,
        "pkcs12",
        "-export",
        "-in",
        "server-cert.pem",
        "-inkey",
        "server-key.pem",
        "-passout",
        "pass:test",
        "-out",
        "server.p12");
    openssl(
        dir,
        "pkcs12",
        "-export",
        "-in",
        "client/cert.pem",
        "-inkey",
        "client/key.pem",
        "-passout",
        "pass:test",
        "-out",
        "client.p12");
    return new TestCa(dir);
  }

  private static void issue(Path dir, String name, String subject, String extensions)
      throws Exception {
    Files.writeString(dir.resolve(name + ".cnf"), extensions);
    openssl(
        dir,
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        subject,
        "-keyout",
        name + "-key.pem",
        "-out",
        name + ".csr");
    openssl(
        dir,
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca-key.pem",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        name + ".cnf",
        "-out",
        name + "-cert.pem");
  }

  private static void openssl(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out =
        new String(
            process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new AssertionError(String.join(" ", command) + ": " + out);
    }
  }

  /** The client's DOCKER_CERT_PATH: ca.pem, cert.pem, key.pem. */
  Path clientDir() {
    return dir.resolve("client");
  }

  /**
   * The server's certificate and key, as PEM files (for servers that are not ours, nats-server).
   */
  Path serverCert() {
    return dir.resolve("server-cert.pem");
  }

  Path serverKey() {
    return dir.resolve("server-key.pem");
  }

  /** The server side: its certificate, and trust in client certificates of this CA only. */
  SSLContext serverContext() throws Exception {
    return context("server.p12");
  }

  /** A test's own client: the client certificate, and trust in servers of this CA only. */
  SSLContext clientContext() throws Exception {
    return context("client.p12");
  }

  /** The client key as older tools write it (PKCS#1), which the JDK alone cannot read. */
  Path traditionalClientKey() throws Exception {
    openssl(dir, "rsa", "-in", "client/key.pem", "-traditional", "-out", "client/key-rsa.pem");
    return dir.resolve("client/key-rsa.pem");
  }

  private SSLContext context(String p12) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve(p12))) {
      keys.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }
}
