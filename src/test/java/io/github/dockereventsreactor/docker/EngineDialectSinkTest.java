package io.github.dockereventsreactor.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.core.EventSink;
import io.github.dockereventsreactor.core.HandlingStep;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EngineDialect;
import io.github.dockereventsreactor.event.EventJson;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class EngineDialectSinkTest {

  private static final EngineFlavour PODMAN =
      new EngineFlavour("Podman", "4.3.1", "1.41", EngineDialect.PODMAN);
  private static final EngineFlavour DOCKER =
      new EngineFlavour("Docker", "29.0.0", "1.52", EngineDialect.DOCKER);
  private static final String REMOVE =
      "{\"Type\":\"container\",\"Action\":\"remove\",\"Actor\":{\"ID\":\"c1\",\"Attributes\":{\"image\":\"bb\"}},"
          + "\"scope\":\"local\",\"time\":1,\"timeNano\":1000000000}";

  private final List<DockerEvent> seen = new ArrayList<>();
  private final List<String> calls = new ArrayList<>();
  private final Deque<Supplier<EngineFlavour>> answers = new ArrayDeque<>();

  private final EventSink reactor =
      new EventSink() {
        @Override
        public void accept(DockerEvent event) {
          seen.add(event);
        }

        @Override
        public void connected(boolean first) {
          calls.add("connected " + first);
        }

        @Override
        public void disconnected() {
          calls.add("disconnected");
        }

        @Override
        public void gap() {
          calls.add("gap");
        }

        @Override
        public void internalError(HandlingStep step, String subject, RuntimeException error) {
          calls.add("internal error in " + step.label());
        }
      };

  private EngineDialectSink sink(boolean legacy) {
    return new EngineDialectSink(reactor, () -> answers.pop().get(), legacy, "unix:///test.sock");
  }

  @Test
  void eachConnectionLearnsTheFlavourBeforeItsEvents() throws Exception {
    EngineDialectSink sink = sink(false);
    answers.add(() -> PODMAN);
    answers.add(() -> DOCKER);
    sink.connected(true);
    sink.accept(EventJson.parse(REMOVE));
    sink.disconnected();
    sink.connected(false);
    sink.accept(EventJson.parse(REMOVE));
    sink.gap();

    assertThat(seen).extracting(DockerEvent::action).containsExactly("destroy", "remove");
    assertThat(seen).extracting(DockerEvent::json).containsOnly(REMOVE);
    assertThat(calls).containsExactly("connected true", "disconnected", "connected false", "gap");
  }

  @Test
  void anEngineThatWillNotSayKeepsThePreviousFlavour() throws Exception {
    EngineDialectSink sink = sink(false);
    answers.add(() -> PODMAN);
    answers.add(
        () -> {
          throw new EngineException("no answer to /_ping within 5 s");
        });
    sink.connected(true);
    sink.connected(false);
    sink.accept(EventJson.parse(REMOVE));

    assertThat(seen).extracting(DockerEvent::action).containsExactly("destroy");
  }

  @Test
  void legacyFieldsArePutBackWhenAskedFor() throws Exception {
    EngineDialectSink sink = sink(true);
    answers.add(() -> DOCKER);
    sink.connected(true);
    sink.accept(EventJson.parse(REMOVE.replace("remove", "start")));

    assertThat(seen.get(0).json())
        .startsWith("{\"status\":\"start\",\"id\":\"c1\",\"from\":\"bb\",\"Type\"");
  }

  @Test
  void anEventReadBeforeTheStreamIsTranslatedOnceTheFlavourIsLearnt() throws Exception {
    EngineDialectSink sink = sink(false);
    assertThat(sink.translate(EventJson.parse(REMOVE)).action()).isEqualTo("remove");
    answers.add(() -> PODMAN);

    sink.learn();
    DockerEvent journaled = sink.translate(EventJson.parse(REMOVE));

    assertThat(journaled.action()).isEqualTo("destroy");
    assertThat(journaled.engineAction()).isEqualTo("remove");
    assertThat(journaled.json()).isEqualTo(REMOVE);
    assertThat(seen).isEmpty();
  }
}
