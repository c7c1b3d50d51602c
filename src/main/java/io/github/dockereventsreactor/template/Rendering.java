package io.github.dockereventsreactor.template;

import java.util.ArrayList;
import java.util.List;

/** A command line rendered for one event: the argv, or the placeholder that had no value. */
public sealed interface Rendering {

  /** Every element rendered; each stays one argument whatever its value holds. */
  record Rendered(List<String> argv) implements Rendering {
    public Rendered {
      argv = List.copyOf(argv);
    }
  }

  /** A placeholder had no value, so the command must not run. */
  record Skipped(String reason) implements Rendering {}

  static Rendering of(List<Template> command, EventContext context) {
    List<String> argv = new ArrayList<>(command.size());
    for (Template element : command) {
      Lookup value = element.render(context);
      if (value instanceof Lookup.Missing) {
        return new Skipped(((Lookup.Missing) value).reason());
      }
      argv.add(((Lookup.Found) value).value());
    }
    return new Rendered(argv);
  }
}
