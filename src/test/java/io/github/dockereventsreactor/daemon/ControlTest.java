package io.github.dockereventsreactor.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.control.ControlAnswer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ControlTest {

  private final AtomicInteger reloads = new AtomicInteger();

  private Control control(EngineConnection connection, Optional<String> state) {
    return new Control(
        List.of(connection::notConnected, () -> state),
        () -> Control.answer(new Reloader.Result(reloads.incrementAndGet() > 1, "said")));
  }

  @Test
  void isHealthyOnlyWhenConnectedAndTheStateCanBeWritten() {
    EngineConnection engine = new EngineConnection("unix:///run/docker.sock");

    assertThat(control(engine, Optional.empty()).apply("health"))
        .isEqualTo(ControlAnswer.fail("not yet connected to unix:///run/docker.sock; retrying"));
    engine.connected(true);
    assertThat(control(engine, Optional.empty()).apply("health"))
        .isEqualTo(ControlAnswer.ok("healthy"));
    assertThat(control(engine, Optional.of("/var/lib/x/state.json: read-only")).apply("health"))
        .isEqualTo(ControlAnswer.fail("/var/lib/x/state.json: read-only"));
    engine.connected(false);
    assertThat(control(engine, Optional.empty()).apply("health").text())
        .isEqualTo("the event stream from unix:///run/docker.sock is disconnected; reconnecting");
  }

  @Test
  void answersAReloadWithItsOutcomeAndAnUnknownRequestWithWhatItKnows() {
    Control control = control(new EngineConnection("e"), Optional.empty());

    assertThat(control.apply("reload")).isEqualTo(ControlAnswer.fail("said"));
    assertThat(control.apply("reload")).isEqualTo(ControlAnswer.ok("said"));
    assertThat(control.apply("stop").text())
        .isEqualTo("unknown request \"stop\": this reactor answers health and reload");
  }
}
