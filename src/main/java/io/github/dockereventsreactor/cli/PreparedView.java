package io.github.dockereventsreactor.cli;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dockereventsreactor.rules.ContainerTarget;
import io.github.dockereventsreactor.rules.ContainerVerb;
import io.github.dockereventsreactor.rules.Prepared;
import java.util.List;

/**
 * How {@code replay} and {@code explain} show a rendered action without running it: a few words of
 * text, or the fields of a JSON object ({@code argv}, {@code webhook}, {@code nats}, {@code
 * container}, {@code skipped}).
 */
final class PreparedView {

  private static final JsonStringEncoder QUOTE = JsonStringEncoder.getInstance();

  private PreparedView() {}

  static String text(Prepared action) {
    return action.fold(
        new Prepared.Cases<>() {
          @Override
          public String command(Prepared.Command command) {
            return "runs " + strings(command.argv());
          }

          @Override
          public String request(Prepared.Request request) {
            return "calls " + request.method() + " " + request.url() + " with " + request.body();
          }

          @Override
          public String message(Prepared.Message message) {
            return "publishes to "
                + message.subject()
                + " as "
                + message.messageId()
                + ": "
                + message.body();
          }

          @Override
          public String container(Prepared.ContainerCall call) {
            return "acts: " + call.describe() + ", if it still fits when re-inspected";
          }

          @Override
          public String skipped(Prepared.Skipped skipped) {
            return "skipped: " + skipped.reason();
          }
        });
  }

  /** Adds the action's fields to {@code line}. */
  static void json(Prepared action, ObjectNode line) {
    action.fold(
        new Prepared.Cases<ObjectNode>() {
          @Override
          public ObjectNode command(Prepared.Command command) {
            command.argv().forEach(line.putArray("argv")::add);
            if (!command.env().isEmpty()) {
              command.env().forEach(line.putObject("env")::put);
            }
            return line;
          }

          @Override
          public ObjectNode request(Prepared.Request request) {
            ObjectNode webhook = line.putObject("webhook");
            webhook.put("method", request.method()).put("url", request.url());
            request.headers().forEach(webhook.putObject("headers")::put);
            return webhook.put("body", request.body());
          }

          @Override
          public ObjectNode message(Prepared.Message message) {
            ObjectNode nats = line.putObject("nats");
            nats.put("subject", message.subject()).put("message_id", message.messageId());
            message.headers().forEach(nats.putObject("headers")::put);
            return nats.put("body", message.body());
          }

          @Override
          public ObjectNode container(Prepared.ContainerCall call) {
            ObjectNode container = line.putObject("container");
            container.put("verb", call.verb().word()).put("describe", call.describe());
            if (call.target() instanceof ContainerTarget.Labelled labelled) {
              labelled.labels().forEach(container.putObject("labels")::put);
            } else {
              container.put("target", ((ContainerTarget.One) call.target()).container());
            }
            call.stopTimeout().ifPresent(t -> container.put("stop_timeout_seconds", t.toSeconds()));
            if (call.verb() == ContainerVerb.KILL) {
              container.put("signal", call.signal());
            }
            if (!call.command().isEmpty()) {
              call.command().forEach(container.putArray("command")::add);
            }
            call.user().ifPresent(u -> container.put("user", u));
            if (!call.env().isEmpty()) {
              call.env().forEach(container.putObject("env")::put);
            }
            call.limit()
                .ifPresent(
                    l ->
                        container
                            .putObject("limit")
                            .put("times", l.times())
                            .put("per_ms", l.per().toMillis())
                            .put("then", l.stopAfter() ? "stop" : "nothing"));
            return container;
          }

          @Override
          public ObjectNode skipped(Prepared.Skipped skipped) {
            return line.put("skipped", skipped.reason());
          }
        });
  }

  /**
   * The values as a JSON array of strings, quoted as Jackson's generator quotes them. Not through a
   * tree and a mapper, which would cost every line of a replay an allocation-heavy detour.
   */
  private static String strings(List<String> values) {
    StringBuilder array = new StringBuilder(64).append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        array.append(',');
      }
      array.append('"').append(QUOTE.quoteAsString(values.get(i))).append('"');
    }
    return array.append(']').toString();
  }
}
