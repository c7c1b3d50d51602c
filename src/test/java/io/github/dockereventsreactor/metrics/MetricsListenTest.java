package io.github.dockereventsreactor.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockereventsreactor.rules.RulesLoader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The metrics listen address: PORT alone is loopback; HOST:PORT as written; nothing else. */
class MetricsListenTest {

  private static ReactorMetrics metrics() throws Exception {
    return new ReactorMetrics(
        RulesLoader.parse("t.yml", "events_reactor:\n  R:\n    run: [echo]\n").settings().metrics(),
        id -> Optional.empty(),
        ReactorMetrics.Queues.NONE,
        "test");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "127.0.0.1:0"})
  void aPortAloneOrALoopbackHostListensOnLoopback(String listen) throws Exception {
    try (MetricsServer server = MetricsServer.start(listen, metrics());
        Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
      assertThat(socket.isConnected()).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "nine", "127.0.0.1:", "127.0.0.1:port"})
  void anythingElseIsRefusedWithTheShapeExpected(String listen) {
    assertThatThrownBy(() -> MetricsServer.start(listen, metrics()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("\"" + listen + "\": expected PORT or HOST:PORT, as 9323 or 127.0.0.1:9323");
  }

  @Test
  void theStreamNotYetConnectedIsTheReasonForNotReady() throws Exception {
    assertThat(metrics().readiness().notReady())
        .contains("not yet connected to the Docker engine's event stream");
  }
}
