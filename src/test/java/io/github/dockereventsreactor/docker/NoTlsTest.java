package io.github.dockereventsreactor.docker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NoTlsTest {

  /** A Unix socket never speaks TLS: any use of its context is a bug, and says so. */
  @Test
  void refusesEveryUse() {
    assertThatThrownBy(() -> NoTls.CONTEXT.getSocketFactory())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("TLS on a Unix socket");
    assertThatThrownBy(() -> NoTls.CONTEXT.createSSLEngine("localhost", 2376))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> NoTls.CONTEXT.init(null, null, null))
        .isInstanceOf(IllegalStateException.class);
  }
}
