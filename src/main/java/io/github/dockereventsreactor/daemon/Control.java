package io.github.dockereventsreactor.daemon;

import io.github.dockereventsreactor.control.ControlAnswer;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the running daemon answers on its control socket. {@code health}: healthy when every
 * engine's event stream is connected and none is stuck, and the state can be written (the
 * container's health check). {@code reload}: reloads the rules and answers once the outcome is
 * known, failing when the file is refused ({@code systemctl reload}, through {@code ExecReload=}).
 */
public final class Control implements Function<String, ControlAnswer> {

  private final List<Supplier<Optional<String>>> problems;
  private final Supplier<ControlAnswer> reload;

  /**
   * @param problems each says why the daemon is unhealthy, or nothing; asked in order, the first
   *     problem is the answer
   * @param reload reloads the rules and says how it went
   */
  public Control(List<Supplier<Optional<String>>> problems, Supplier<ControlAnswer> reload) {
    this.problems = List.copyOf(problems);
    this.reload = reload;
  }

  /** A reload's result as an answer. */
  public static ControlAnswer answer(Reloader.Result result) {
    return new ControlAnswer(result.applied(), result.said());
  }

  @Override
  public ControlAnswer apply(String request) {
    return switch (request) {
      case "health" -> health();
      case "reload" -> reload.get();
      default ->
          ControlAnswer.fail(
              "unknown request \"" + request + "\": this reactor answers health and reload");
    };
  }

  private ControlAnswer health() {
    for (Supplier<Optional<String>> check : problems) {
      Optional<String> problem = check.get();
      if (problem.isPresent()) {
        return ControlAnswer.fail(problem.get());
      }
    }
    return ControlAnswer.ok("healthy");
  }
}
