package io.github.dockereventsreactor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EngineDialect;
import io.github.dockereventsreactor.event.EventJson;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class EventJournalTest {

  private static final String REMOVE =
      "{\"Type\":\"container\",\"Action\":\"remove\",\"Actor\":{\"ID\":\"c1\",\"Attributes\":{}},"
          + "\"time\":1795535393,\"timeNano\":1795535393000000001}";

  /** Holds what is appended, and gives it all back as one rule's spill. */
  private static final class Kept implements EventJournal {
    final List<DockerEvent> events = new ArrayList<>();
    final List<String> done = new ArrayList<>();

    @Override
    public OptionalLong append(DockerEvent event, List<String> rules) {
      events.add(event);
      return OptionalLong.of(events.size());
    }

    @Override
    public void done(long seq, String rule) {
      done.add(rule + " #" + seq);
    }

    @Override
    public List<Pending> spilled(String rule, long from, long to, int max) {
      List<Pending> back = new ArrayList<>();
      for (int i = 0; i < events.size(); i++) {
        back.add(new Pending(i + 1, events.get(i), List.of(rule)));
      }
      return back;
    }
  }

  @Test
  void aSpillComesBackInTheEnginesDialectAndTheRestPassesThrough() throws Exception {
    Kept kept = new Kept();
    EventJournal podman =
        EventJournal.translated(kept, e -> EngineDialect.PODMAN.toRules(e, false));
    assertThat(podman.append(EventJson.parse(REMOVE), List.of("r"))).hasValue(1);
    podman.done(1, "r");

    List<EventJournal.Pending> back = podman.spilled("r", 1, 1, 10);

    assertThat(kept.done).containsExactly("r #1");
    assertThat(back).hasSize(1);
    assertThat(back.get(0).seq()).isEqualTo(1);
    assertThat(back.get(0).event().action()).isEqualTo("destroy");
    assertThat(back.get(0).event().engineAction()).isEqualTo("remove");
    assertThat(back.get(0).event().json()).isEqualTo(REMOVE);
    assertThat(back.get(0).rules()).containsExactly("r");
  }
}
