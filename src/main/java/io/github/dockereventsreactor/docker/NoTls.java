package io.github.dockereventsreactor.docker;

import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The TLS context handed to the transport of a Unix socket, which never speaks TLS: docker-java 3.7
 * builds the JDK's default context (every CA certificate of the JDK parsed into the heap, and the
 * security providers loaded) whenever it is given none, even for a socket that cannot use it. This
 * one is never asked for anything; if it were, that would be a bug, so it throws.
 */
final class NoTls extends SSLContext {

  static final NoTls CONTEXT = new NoTls();

  private NoTls() {
    super(new Refusing(), null, "none");
  }

  private static final class Refusing extends SSLContextSpi {
    private static IllegalStateException refused() {
      return new IllegalStateException("TLS on a Unix socket");
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
      throw refused();
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      throw refused();
    }
  }
}
