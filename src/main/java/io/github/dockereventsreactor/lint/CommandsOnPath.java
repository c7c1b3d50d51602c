package io.github.dockereventsreactor.lint;

import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesSource;
import java.util.List;

/** A {@code run} command the daemon's user cannot start: not found on PATH, not executable. */
final class CommandsOnPath implements Check {

  @Override
  public void inspect(Findings findings) {
    for (Rule rule : findings.rules().rules()) {
      List<RulesSource.Text> argv = findings.source().texts(RulesSource.inRule(rule.name(), "run"));
      // A command named by a placeholder is only known per event.
      if (argv.isEmpty() || argv.get(0).text().contains("%%")) {
        continue;
      }
      String command = argv.get(0).text();
      findings
          .host()
          .command(command)
          .problem()
          .ifPresent(
              problem ->
                  findings.warnAt(
                      rule,
                      argv.get(0).position(),
                      "run: \""
                          + command
                          + "\" "
                          + problem
                          + ": every event this rule matches will fail"));
    }
  }
}
