package io.github.dockereventsreactor.docker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.dockereventsreactor.core.ContainerSummary;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The few fields the reactor needs from the engine's {@code /info}, {@code /containers/json} and
 * inspect answers, read with Jackson's streaming parser: no tree, no data binding, every other
 * field skipped unread.
 */
final class EngineAnswers {

  private static final JsonFactory JSON = new JsonFactory();

  private EngineAnswers() {}

  /** The engine's {@code ID} and {@code Name} from {@code /info}; null where absent. */
  record Info(String id, String name) {}

  static Info info(InputStream in) throws IOException {
    try (JsonParser p = JSON.createParser(in)) {
      String[] fields = new String[2];
      p.nextToken();
      fields(
          p,
          (name, value) -> {
            switch (name) {
              case "ID" -> fields[0] = text(value);
              case "Name" -> fields[1] = text(value);
              default -> value.skipChildren();
            }
          });
      return new Info(fields[0], fields[1]);
    }
  }

  /** Every container of a {@code /containers/json} answer. */
  static List<ContainerSummary> containers(InputStream in) throws IOException {
    try (JsonParser p = JSON.createParser(in)) {
      List<ContainerSummary> containers = new ArrayList<>();
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new EngineException("/containers/json answered something other than a list");
      }
      while (p.nextToken() != JsonToken.END_ARRAY) {
        containers.add(container(p));
      }
      return containers;
    }
  }

  private static ContainerSummary container(JsonParser p) throws IOException {
    String[] fields = {"", "", "", ""};
    fields(
        p,
        (name, value) -> {
          switch (name) {
            case "Id" -> fields[0] = orEmpty(text(value));
            case "Names" -> fields[1] = firstName(value);
            case "Image" -> fields[2] = orEmpty(text(value));
            case "State" -> fields[3] = orEmpty(text(value));
            default -> value.skipChildren();
          }
        });
    return new ContainerSummary(fields[0], fields[1], fields[2], "running".equals(fields[3]));
  }

  /** The list API names a container "/name", the events API "name". */
  private static String firstName(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return "";
    }
    String first = null;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (first == null) {
        first = orEmpty(text(p));
      }
      p.skipChildren();
    }
    return first == null ? "" : first.replaceFirst("^/", "");
  }

  /**
   * True when an inspect document shows an IP address ({@code NetworkSettings.IPAddress} or that of
   * any of its {@code Networks}): the document is worth keeping for after the container dies.
   */
  static boolean hasAddress(String inspect) throws IOException {
    try (JsonParser p = JSON.createParser(inspect)) {
      boolean[] found = {false};
      p.nextToken();
      fields(
          p,
          (name, settings) -> {
            if (!name.equals("NetworkSettings")) {
              settings.skipChildren();
              return;
            }
            fields(
                settings,
                (field, value) -> {
                  switch (field) {
                    case "IPAddress" -> found[0] |= !orEmpty(text(value)).isEmpty();
                    case "Networks" -> fields(value, (network, n) -> found[0] |= addressed(n));
                    default -> value.skipChildren();
                  }
                });
          });
      return found[0];
    }
  }

  private static boolean addressed(JsonParser network) throws IOException {
    boolean[] found = {false};
    fields(
        network,
        (field, value) -> {
          if (field.equals("IPAddress")) {
            found[0] = !orEmpty(text(value)).isEmpty();
          } else {
            value.skipChildren();
          }
        });
    return found[0];
  }

  /** Reads one field's value; the parser is left on the value's last token. */
  @FunctionalInterface
  private interface Field {
    void read(String name, JsonParser value) throws IOException;
  }

  /** Each field of the object the parser is on; anything else is skipped. */
  private static void fields(JsonParser p, Field field) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      field.read(name, p);
    }
  }

  /** A string or number's text as Jackson's tree gives it ({@code asText}); null otherwise. */
  private static @Nullable String text(JsonParser p) throws IOException {
    return p.currentToken().isScalarValue() && p.currentToken() != JsonToken.VALUE_NULL
        ? p.getText()
        : skipped(p);
  }

  private static @Nullable String skipped(JsonParser p) throws IOException {
    p.skipChildren();
    return null;
  }

  private static String orEmpty(@Nullable String text) {
    return text == null ? "" : text;
  }
}
