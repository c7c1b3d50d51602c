package io.github.dockereventsreactor.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A command line rendered for one event: the argv, or the placeholder that had no value. */
public sealed interface Rendering {

  /** Why the command must not run; empty when every element rendered. */
  Optional<String> missing();

  /** The argv, or {@code otherwise} when a placeholder had no value. */
  List<String> orElse(List<String> otherwise);

  /** Every element rendered; each stays one argument whatever its value holds. */
  record Rendered(List<String> argv) implements Rendering {
    public Rendered {
      argv = List.copyOf(argv);
    }

    @Override
    public Optional<String> missing() {
      return Optional.empty();
    }

    @Override
    public List<String> orElse(List<String> otherwise) {
      return argv;
    }
  }

  /** A placeholder had no value, so the command must not run. */
  record Skipped(String reason) implements Rendering {
    @Override
    public Optional<String> missing() {
      return Optional.of(reason);
    }

    @Override
    public List<String> orElse(List<String> otherwise) {
      return otherwise;
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
