package io.github.dockereventsreactor.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotifyListenerTest {

  private final List<String> sent = new ArrayList<>();
  private final Notify notify = new Notify(Optional.of(sent::add), () -> 0);

  @Test
  void saysWhenTheStreamConnectsAndWhenTheEngineIsGoneWithoutTouchingReadiness() {
    NotifyListener listener = new NotifyListener(notify, "unix:///var/run/docker.sock");

    listener.connected(true);
    listener.connected(false);
    listener.connected(true);

    assertThat(sent)
        .containsExactly(
            "STATUS=connected to unix:///var/run/docker.sock",
            "STATUS=engine unreachable at unix:///var/run/docker.sock, retrying",
            "STATUS=connected to unix:///var/run/docker.sock");
  }
}
