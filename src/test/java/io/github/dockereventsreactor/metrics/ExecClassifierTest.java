package io.github.dockereventsreactor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.event.EventJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecClassifierTest {

  private final List<String> inspected = new ArrayList<>();
  private final ExecClassifier classifier =
      new ExecClassifier(
          id -> {
            inspected.add(id);
            if (id.equals("gone")) {
              throw new IllegalStateException("no such container");
            }
            return id.equals("hc") ? Optional.of("/bin/sh -c exit 0") : Optional.empty();
          });

  private String classify(String container, String action, String execId) throws Exception {
    return classifier.classify(
        EventJson.parse(
            "{\"Type\":\"container\",\"Action\":\""
                + action
                + "\",\"Actor\":{\"ID\":\""
                + container
                + "\",\"Attributes\":{\"execID\":\""
                + execId
                + "\"}}}"));
  }

  @Test
  void aHealthcheckExecIsToldFromAManualOneAndItsDieFollowsItsStart() throws Exception {
    assertThat(classify("hc", "exec_start: /bin/sh -c exit 0", "e1")).isEqualTo("true");
    assertThat(classify("hc", "exec_start: true ", "e2")).isEqualTo("false");
    assertThat(classify("hc", "exec_die", "e1")).isEqualTo("true");
    assertThat(classify("hc", "exec_die", "e2")).isEqualTo("false");
    assertThat(classify("plain", "exec_start: /bin/sh -c exit 0", "e3")).isEqualTo("false");
    assertThat(inspected).containsExactly("hc", "plain");
  }

  @Test
  void whatCannotBeInspectedOrWasNeverSeenIsUnknown() throws Exception {
    assertThat(classify("gone", "exec_start: ls", "e4")).isEqualTo("unknown");
    assertThat(classify("hc", "exec_die", "never-started")).isEqualTo("unknown");
  }

  @Test
  void aDestroyedContainerIsInspectedAgainIfItsIdComesBack() throws Exception {
    classify("hc", "exec_start: ls", "e5");
    classifier.forget("hc");
    classify("hc", "exec_start: ls", "e6");

    assertThat(inspected).containsExactly("hc", "hc");
  }
}
