package io.github.dockereventsreactor.lint;

import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesSource;
import java.util.List;

/**
 * {@code sudo} where it cannot help: as root it only adds a PAM session and a log line per event;
 * under {@code NoNewPrivileges=yes} its setuid bit is ignored and it always fails.
 */
final class NeedlessSudo implements Check {

  @Override
  public void inspect(Findings findings) {
    for (Rule rule : findings.rules().rules()) {
      List<RulesSource.Text> argv = findings.source().texts(RulesSource.inRule(rule.name(), "run"));
      if (argv.isEmpty() || !isSudo(argv.get(0).text())) {
        continue;
      }
      RulesSource.Position where = argv.get(0).position();
      if (findings.host().noNewPrivileges().isPresent()) {
        findings.warnAt(
            rule,
            where,
            "run: sudo cannot gain privileges under NoNewPrivileges=yes ("
                + findings.host().noNewPrivileges().get()
                + "): it fails for every event");
      } else if (findings
          .host()
          .unitUser()
          .map(user -> user.equals("root") || user.equals("0"))
          .orElse(findings.host().root())) {
        findings.warnAt(
            rule,
            where,
            "run: sudo is needless, the reactor runs as root ("
                + findings.host().unitUser().orElse(findings.host().user())
                + "): drop it");
      }
    }
  }

  private static boolean isSudo(String command) {
    return command.equals("sudo") || command.endsWith("/sudo");
  }
}
