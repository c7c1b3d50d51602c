package io.github.dockereventsreactor.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A TLS context from PEM files as operators hold them: Docker's certificate directory ({@code
 * ca.pem}, {@code cert.pem}, {@code key.pem}) and nats-server's {@code ca_file}, {@code cert_file},
 * {@code key_file}. One reader for both adapters that speak TLS, so a key that works for one works
 * for the other; it imports no project package. The keys are turned into JCA keys by the JDK's own
 * providers: Bouncy Castle only parses the PEM (no provider registered, none of its algorithms
 * loaded).
 */
public final class PemTls {

  private static final char[] NO_PASSWORD = new char[0];

  private PemTls() {}

  /**
   * A context that trusts only {@code caFile}'s certificates (the JVM's trust store without one)
   * and presents {@code certFile} with {@code keyFile} (no client certificate without them). The
   * files are read now: a certificate renewed on disk counts from the next context.
   *
   * @throws IOException naming the file that is missing or holds no certificate or key
   */
  public static SSLContext context(
      Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile) throws IOException {
    if (certFile.isPresent() != keyFile.isPresent()) {
      throw new IOException(
          certFile
              .map(file -> file + " without its key file")
              .orElseGet(() -> keyFile.get() + " without its certificate file"));
    }
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          certFile.isPresent() ? keys(certFile.get(), keyFile.get()).getKeyManagers() : null,
          caFile.isPresent() ? trust(caFile.get()).getTrustManagers() : null,
          null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static TrustManagerFactory trust(Path caFile)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int i = 0;
    for (Certificate ca : certificates(caFile)) {
      store.setCertificateEntry("ca-" + i++, ca);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory;
  }

  private static KeyManagerFactory keys(Path certFile, Path keyFile)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setKeyEntry(
        "client",
        privateKey(keyFile),
        NO_PASSWORD,
        certificates(certFile).toArray(Certificate[]::new));
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, NO_PASSWORD);
    return factory;
  }

  private static Collection<? extends Certificate> certificates(Path file)
      throws IOException, GeneralSecurityException {
    try (InputStream in = open(file)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new IOException(file + ": no PEM certificate in it");
      }
      return certificates;
    }
  }

  /** A key as openssl writes it: PKCS#8, or the older PKCS#1 (RSA) and SEC1 (EC) forms. */
  private static PrivateKey privateKey(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser pem = new PEMParser(reader)) {
      Object read = pem.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      // The private half alone: SEC1's public key is optional, and a key pair would need it.
      Optional<PrivateKeyInfo> info =
          read instanceof PEMKeyPair pair
              ? Optional.of(pair.getPrivateKeyInfo())
              : read instanceof PrivateKeyInfo bare ? Optional.of(bare) : Optional.empty();
      if (info.isPresent()) {
        return converter.getPrivateKey(info.get());
      }
      throw new IOException(
          file + ": expected an unencrypted PEM private key, found " + found(read));
    } catch (NoSuchFileException e) {
      throw missing(file, e);
    }
  }

  private static InputStream open(Path file) throws IOException {
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw missing(file, e);
    }
  }

  /** The JDK's message is the bare path. */
  /** What a PEM file held where a private key belongs, in words: its class names no one's key. */
  private static String found(Object read) {
    if (read == null) {
      return "nothing";
    }
    if (read instanceof X509CertificateHolder) {
      return "a certificate: give the key file (key.pem), not the certificate";
    }
    if (read instanceof PEMEncryptedKeyPair || read instanceof PKCS8EncryptedPrivateKeyInfo) {
      return "an encrypted private key: decrypt it (openssl pkey -in KEY -out KEY.plain)";
    }
    return "another kind of PEM block: give the unencrypted private key";
  }

  private static IOException missing(Path file, NoSuchFileException e) {
    return new IOException(file + ": no such file", e);
  }
}
