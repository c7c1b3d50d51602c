package io.github.dockereventsreactor.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.core.Outcome;
import io.github.dockereventsreactor.core.Stage;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageRecordingTest {

  private static final String NAME = "io.github.dockereventsreactor.Stage";

  @Test
  void aRecordingHoldsEachStageWithItsEventsTimeAndNothingIsKeptOutsideOne(@TempDir Path dir)
      throws Exception {
    Rule rule =
        RulesLoader.parse(
                "reactor.yml",
                "events_reactor:\n  r:\n    event: {type: volume}\n    run: [true]\n")
            .rules()
            .get(0);
    DockerEvent event =
        EventJson.parse(
            "{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\"v1\"},\"timeNano\":42}");
    StageRecording stages = new StageRecording();
    stages.stage(Stage.MATCHED, event);

    Path file = dir.resolve("stages.jfr");
    try (Recording recording = new Recording()) {
      recording.enable(NAME);
      recording.start();
      stages.stage(Stage.MATCHED, event);
      stages.stage(Stage.RENDERED, event);
      stages.outcome(rule, event, new Outcome.Exited(0, Duration.ZERO));
      recording.stop();
      recording.dump(file);
    }
    stages.stage(Stage.QUEUED, event);

    List<RecordedEvent> recorded =
        RecordingFile.readAllEvents(file).stream()
            .filter(e -> e.getEventType().getName().equals(NAME))
            .collect(Collectors.toList());
    assertThat(recorded)
        .extracting(
            e -> e.getString("stage") + " " + e.getString("rule") + " " + e.getLong("eventTime"))
        .containsExactly("matched  42", "rendered  42", "reported r 42");
    assertThat(recorded.get(1).getLong("at")).isGreaterThanOrEqualTo(recorded.get(0).getLong("at"));
    assertThat(Files.size(file)).isPositive();
  }
}
