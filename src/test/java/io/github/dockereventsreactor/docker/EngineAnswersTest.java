package io.github.dockereventsreactor.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockereventsreactor.core.ContainerSummary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EngineAnswersTest {

  private static InputStream json(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void infoGivesTheIdAndTheNameAndSkipsEverythingElse() throws IOException {
    String info =
        "{\"Containers\":3,\"Plugins\":{\"Volume\":[\"local\"],\"Name\":\"nested\"},"
            + "\"ID\":\"ABCD:EFGH\",\"Swarm\":{\"NodeID\":\"\"},\"Name\":\"host-1\",\"Labels\":[]}";

    assertThat(EngineAnswers.info(json(info)))
        .isEqualTo(new EngineAnswers.Info("ABCD:EFGH", "host-1"));
    assertThat(EngineAnswers.info(json("{\"ID\":null}")))
        .isEqualTo(new EngineAnswers.Info(null, null));
  }

  @Test
  void theListGivesEachContainersFirstNameWithoutItsSlashAndWhetherItRuns() throws IOException {
    String list =
        "[{\"Id\":\"c1\",\"Names\":[\"/web\",\"/other/alias\"],\"Image\":\"nginx\","
            + "\"Labels\":{\"State\":\"x\"},\"State\":\"running\",\"Ports\":[{\"IP\":\"0.0.0.0\"}]},"
            + "{\"Id\":\"c2\",\"Names\":null,\"State\":\"exited\"},{\"Id\":\"c3\",\"Names\":[]}]";

    assertThat(EngineAnswers.containers(json(list)))
        .containsExactly(
            new ContainerSummary("c1", "web", "nginx", true),
            new ContainerSummary("c2", "", "", false),
            new ContainerSummary("c3", "", "", false));
    assertThat(EngineAnswers.containers(json("[]"))).isEmpty();
  }

  @Test
  void aListThatIsNotAListIsAnEngineError() {
    assertThatThrownBy(() -> EngineAnswers.containers(json("{\"message\":\"no\"}")))
        .isInstanceOf(EngineException.class);
  }

  @Test
  void anAddressIsFoundDirectlyOrOnAnyNetwork() throws IOException {
    assertThat(EngineAnswers.hasAddress("{\"NetworkSettings\":{\"IPAddress\":\"172.17.0.2\"}}"))
        .isTrue();
    assertThat(
            EngineAnswers.hasAddress(
                "{\"Id\":\"c\",\"NetworkSettings\":{\"IPAddress\":\"\",\"Networks\":"
                    + "{\"a\":{\"IPAddress\":\"\"},\"b\":{\"Aliases\":[\"x\"],\"IPAddress\":\"10.0.0.5\"}}}}"))
        .isTrue();
    assertThat(
            EngineAnswers.hasAddress(
                "{\"Config\":{\"IPAddress\":\"1.2.3.4\"},\"NetworkSettings\":{\"IPAddress\":\"\","
                    + "\"Networks\":{\"none\":{\"IPAddress\":\"\"}}}}"))
        .isFalse();
    assertThat(EngineAnswers.hasAddress("{\"NetworkSettings\":null}")).isFalse();
  }

  @Test
  void aDocumentThatIsNotJsonIsRefused() {
    assertThatThrownBy(() -> new InspectDocument("{\"NetworkSettings\":{\"IPAddress\":"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void aDocumentIsReadByPathOnlyWhenAsked() throws IOException {
    InspectDocument document =
        new InspectDocument(
            "{\"Name\":\"/web\",\"Config\":{\"Labels\":{\"com.example.role\":\"db\"}},"
                + "\"NetworkSettings\":{\"Networks\":{\"b\":{\"IPAddress\":\"10.0.0.5\"}}}}");

    assertThat(document.hasAddress()).isTrue();
    assertThat(document.field("Config.Labels.com.example.role")).contains("db");
    assertThat(document.ip()).contains("10.0.0.5");
    assertThat(document.ip("b")).contains("10.0.0.5");
  }
}
