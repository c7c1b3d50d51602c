package io.github.dockereventsreactor.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys in each form openssl writes them, certificates made here; the handshakes themselves run in
 * TcpIT (Docker over TLS) and NatsIT (NATS with a client certificate).
 */
class PemTlsTest {

  @TempDir Path dir;

  @Test
  void anRsaKeyInPkcs8AndInPkcs1GivesAClientCertificate() throws Exception {
    KeyPair rsa = generate("RSA", null);
    Path cert = certificate(rsa, "SHA256withRSA");
    write("pkcs8.pem", new PemObject("PRIVATE KEY", rsa.getPrivate().getEncoded()));
    write("pkcs1.pem", new PemObject("RSA PRIVATE KEY", inner(rsa)));

    assertThat(client(cert, dir.resolve("pkcs8.pem"))).isNotNull();
    assertThat(client(cert, dir.resolve("pkcs1.pem"))).isNotNull();
  }

  @Test
  void anEcKeyInSec1WithAndWithoutItsOptionalPublicKeyGivesAClientCertificate() throws Exception {
    KeyPair ec = generate("EC", new ECGenParameterSpec("secp256r1"));
    Path cert = certificate(ec, "SHA256withECDSA");
    PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(ec.getPrivate().getEncoded());
    BigInteger secret = ECPrivateKey.getInstance(pkcs8.parsePrivateKey()).getKey();
    ASN1Encodable curve = pkcs8.getPrivateKeyAlgorithm().getParameters();
    ASN1BitString point =
        SubjectPublicKeyInfo.getInstance(ec.getPublic().getEncoded()).getPublicKeyData();
    // As openssl writes it, and with -no_public.
    write(
        "sec1.pem", sec1(new ECPrivateKey(256, secret, new DERBitString(point.getBytes()), curve)));
    write("sec1-no-public.pem", sec1(new ECPrivateKey(256, secret, curve)));

    assertThat(client(cert, dir.resolve("sec1.pem"))).isNotNull();
    assertThat(client(cert, dir.resolve("sec1-no-public.pem"))).isNotNull();
  }

  private static PemObject sec1(ECPrivateKey key) throws IOException {
    return new PemObject("EC PRIVATE KEY", key.getEncoded());
  }

  @Test
  void eachMissingOrWrongFileIsNamed() throws Exception {
    KeyPair rsa = generate("RSA", null);
    Path cert = certificate(rsa, "SHA256withRSA");
    Path missing = dir.resolve("key.pem");

    assertThatThrownBy(() -> client(cert, missing))
        .isInstanceOf(IOException.class)
        .hasMessage(missing + ": no such file");
    assertThatThrownBy(
            () -> PemTls.context(Optional.of(missing), Optional.empty(), Optional.empty()))
        .hasMessage(missing + ": no such file");
    // A certificate where the key belongs.
    assertThatThrownBy(() -> client(cert, cert))
        .hasMessage(
            cert
                + ": expected an unencrypted PEM private key, found a certificate: give the key"
                + " file (key.pem), not the certificate");
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");
    assertThatThrownBy(() -> PemTls.context(Optional.of(empty), Optional.empty(), Optional.empty()))
        .hasMessage(empty + ": no PEM certificate in it");
    assertThatThrownBy(() -> PemTls.context(Optional.empty(), Optional.of(cert), Optional.empty()))
        .hasMessage(cert + " without its key file");
    assertThatThrownBy(() -> PemTls.context(Optional.empty(), Optional.empty(), Optional.of(cert)))
        .hasMessage(cert + " without its certificate file");
  }

  private SSLContext client(Path cert, Path key) throws IOException {
    return PemTls.context(Optional.of(cert), Optional.of(cert), Optional.of(key));
  }

  private static KeyPair generate(String algorithm, ECGenParameterSpec curve) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    if (curve != null) {
      generator.initialize(curve);
    } else {
      generator.initialize(2048);
    }
    return generator.generateKeyPair();
  }

  /** A self-signed certificate of the pair, in PEM. */
  private Path certificate(KeyPair pair, String signature) throws Exception {
    X500Name name = new X500Name("CN=reactor");
    Instant now = Instant.now();
    var holder =
        new JcaX509v3CertificateBuilder(
                name,
                BigInteger.ONE,
                Date.from(now.minus(1, ChronoUnit.DAYS)),
                Date.from(now.plus(1, ChronoUnit.DAYS)),
                name,
                pair.getPublic())
            .build(new JcaContentSignerBuilder(signature).build(pair.getPrivate()));
    return write("cert.pem", new PemObject("CERTIFICATE", holder.getEncoded()));
  }

  /** The PKCS#1 structure inside a PKCS#8 key: what "BEGIN RSA PRIVATE KEY" holds. */
  private static byte[] inner(KeyPair rsa) throws IOException {
    return PrivateKeyInfo.getInstance(rsa.getPrivate().getEncoded())
        .parsePrivateKey()
        .toASN1Primitive()
        .getEncoded();
  }

  private Path write(String name, PemObject object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return Files.writeString(dir.resolve(name), text.toString());
  }
}
