package io.github.dockereventsreactor.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A command line rendered for one event: the argv, or the placeholder that had no value. */
public sealed interface Rendering {

  /** {@code rendered} of the argv, or {@code skipped} of the reason there is none. */
  <T> T fold(Function<List<String>, T> rendered, Function<String, T> skipped);

  /** Every element rendered; each stays one argument whatever its value holds. */
  record Rendered(List<String> argv) implements Rendering {
    public Rendered {
      argv = List.copyOf(argv);
    }

    @Override
    public <T> T fold(Function<List<String>, T> rendered, Function<String, T> skipped) {
      return rendered.apply(argv);
    }
  }

  /** A placeholder had no value, so the command must not run. */
  record Skipped(String reason) implements Rendering {
    @Override
    public <T> T fold(Function<List<String>, T> rendered, Function<String, T> skipped) {
      return skipped.apply(reason);
    }
  }

  static Rendering of(List<Template> command, EventContext context) {
    List<String> argv = new ArrayList<>(command.size());
    for (Template element : command) {
      Lookup value = element.render(context);
      Optional<String> missing = value.missing();
      if (missing.isPresent()) {
        return new Skipped(missing.get());
      }
      argv.add(value.orElse(""));
    }
    return new Rendered(argv);
  }
}
