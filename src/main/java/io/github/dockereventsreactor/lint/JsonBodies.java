package io.github.dockereventsreactor.lint;

import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RulesSource;
import io.github.dockereventsreactor.template.JsonBody;
import io.github.dockereventsreactor.template.Placeholder;
import io.github.dockereventsreactor.template.Template;
import io.github.dockereventsreactor.template.TemplateException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A webhook or NATS body whose placeholders go in unescaped though it is meant as JSON: one that
 * looks like JSON but does not parse as JSON (so it is sent as written, and a quote in a label
 * breaks it or adds a field), or a JSON body with a placeholder outside a string's quotes.
 */
final class JsonBodies implements Check {

  @Override
  public void inspect(Findings findings) {
    for (Rule rule : findings.rules().rules()) {
      for (String action : List.of("webhook", "nats")) {
        body(findings, rule, action)
            .ifPresent(
                body -> {
                  Optional<String> notJson = JsonBody.looksLikeJsonButIsNot(body);
                  notJson.ifPresent(
                      why ->
                          findings.warn(
                              rule,
                              action
                                  + " body looks like JSON but is not ("
                                  + why
                                  + "), so its placeholders go in as they are, unescaped: a"
                                  + " quote in a value can add a field; make it valid JSON with"
                                  + " each placeholder inside a string's quotes",
                              action,
                              "body"));
                  List<Placeholder> raw = JsonBody.rawOutsideStrings(body);
                  if (!raw.isEmpty()) {
                    findings.warn(
                        rule,
                        action
                            + " body places "
                            + raw.stream()
                                .map(p -> "%%" + p.name() + "%%")
                                .distinct()
                                .collect(Collectors.joining(", "))
                            + " outside a JSON string's quotes, as it is: a value there is JSON"
                            + " syntax and can add fields; put it inside quotes, where it is"
                            + " escaped",
                        action,
                        "body");
                  }
                });
      }
    }
  }

  private static Optional<Template> body(Findings findings, Rule rule, String action) {
    List<RulesSource.Text> texts =
        findings.source().texts(RulesSource.inRule(rule.name(), action, "body"));
    if (texts.size() != 1) {
      return Optional.empty();
    }
    try {
      return Optional.of(Template.parse(texts.get(0).text()));
    } catch (TemplateException e) {
      return Optional.empty();
    }
  }
}
