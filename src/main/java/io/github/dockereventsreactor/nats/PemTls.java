package io.github.dockereventsreactor.nats;

import io.github.dockereventsreactor.rules.NatsTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The TLS context of a NATS connection from the PEM files nats-server's own configuration uses. The
 * files are read each time a connection is made, so a certificate renewed on disk is picked up by
 * the next connection (a reactor restart forces one).
 */
final class PemTls {

  private static final char[] NO_PASSWORD = new char[0];

  private PemTls() {}

  static SSLContext context(NatsTls tls) throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          tls.certFile().isPresent() ? keys(tls).getKeyManagers() : null,
          tls.caFile().isPresent() ? trust(Path.of(tls.caFile().get())).getTrustManagers() : null,
          null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("NATS TLS settings: " + e.getMessage(), e);
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

  private static KeyManagerFactory keys(NatsTls tls) throws IOException, GeneralSecurityException {
    Path certFile = Path.of(tls.certFile().orElseThrow());
    Path keyFile = Path.of(tls.keyFile().orElseThrow());
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
    try (InputStream in = Files.newInputStream(file)) {
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
      Optional<PrivateKey> key =
          read instanceof PEMKeyPair pair
              ? Optional.of(converter.getKeyPair(pair).getPrivate())
              : read instanceof PrivateKeyInfo info
                  ? Optional.of(converter.getPrivateKey(info))
                  : Optional.empty();
      return key.orElseThrow(
          () ->
              new IOException(
                  file
                      + ": expected an unencrypted PEM private key, found "
                      + (read == null ? "nothing" : read.getClass().getSimpleName())));
    }
  }
}
