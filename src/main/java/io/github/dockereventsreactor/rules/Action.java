package io.github.dockereventsreactor.rules;

import io.github.dockereventsreactor.template.EventContext;
import io.github.dockereventsreactor.template.Lookup;
import io.github.dockereventsreactor.template.Rendering;
import io.github.dockereventsreactor.template.Template;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a rule does for an event it matched: run a command, call a webhook. */
public sealed interface Action {

  /** The action rendered for one event, or why it cannot run. */
  Prepared prepare(EventContext context);

  String describe();

  /** A command run directly, no shell: argv, extra environment, working directory, stdin. */
  record Exec(
      List<Template> argv,
      Map<String, Template> env,
      Optional<String> cwd,
      boolean stdinPayload,
      OutputLimits output)
      implements Action {

    public Exec {
      argv = List.copyOf(argv);
      env = Map.copyOf(env);
    }

    @Override
    public Prepared prepare(EventContext context) {
      Rendering rendered = Rendering.of(argv, context);
      if (rendered instanceof Rendering.Skipped) {
        return new Prepared.Skipped(((Rendering.Skipped) rendered).reason());
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (Map.Entry<String, Template> e : env.entrySet()) {
        Lookup value = e.getValue().render(context);
        if (value instanceof Lookup.Missing) {
          return new Prepared.Skipped("env " + e.getKey() + ": " + ((Lookup.Missing) value).reason());
        }
        values.put(e.getKey(), ((Lookup.Found) value).value());
      }
      return new Prepared.Command(
          ((Rendering.Rendered) rendered).argv(),
          values,
          cwd,
          stdinPayload ? Optional.of(context.event().json()) : Optional.empty(),
          output);
    }

    @Override
    public String describe() {
      return "run "
          + argv.stream().map(t -> quote(t.source())).collect(Collectors.joining(" ", "[", "]"))
          + (output.equals(OutputLimits.DEFAULTS) ? "" : " (" + output.describe() + ")");
    }
  }

  /** An HTTP request through the JDK's client, retried on connection errors and 5xx. */
  record Webhook(
      Template url,
      String method,
      Map<String, Template> headers,
      Optional<Template> body,
      Duration timeout,
      int retries,
      Redirects redirects)
      implements Action {

    public Webhook {
      headers = Map.copyOf(headers);
    }

    @Override
    public Prepared prepare(EventContext context) {
      Lookup target = url.render(context);
      if (target instanceof Lookup.Missing) {
        return new Prepared.Skipped("url: " + ((Lookup.Missing) target).reason());
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (Map.Entry<String, Template> e : headers.entrySet()) {
        Lookup value = e.getValue().render(context);
        if (value instanceof Lookup.Missing) {
          return new Prepared.Skipped("header " + e.getKey() + ": " + ((Lookup.Missing) value).reason());
        }
        String text = ((Lookup.Found) value).value();
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
          return new Prepared.Skipped(
              "header " + e.getKey() + ": the value holds a line break (CR or LF), which would"
                  + " end the header and could add others");
        }
        values.put(e.getKey(), text);
      }
      String payload = context.event().json();
      if (body.isPresent()) {
        Lookup value = body.get().render(context);
        if (value instanceof Lookup.Missing) {
          return new Prepared.Skipped("body: " + ((Lookup.Missing) value).reason());
        }
        payload = ((Lookup.Found) value).value();
      }
      return new Prepared.Request(
          ((Lookup.Found) target).value(), method, values, payload, timeout, retries, redirects);
    }

    @Override
    public String describe() {
      return "webhook "
          + method
          + " "
          + url.source()
          + (redirects == Redirects.NEVER ? "" : " (follow redirects " + redirects.text() + ")");
    }
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
