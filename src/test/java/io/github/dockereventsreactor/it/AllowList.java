package io.github.dockereventsreactor.it;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * A filtering socket proxy's allow-list: only the reads the reactor needs pass, anything else is
 * refused with 403 as such proxies do, and remembered so the test can fail on it.
 */
final class AllowList implements EngineProxy.Behaviour {

  static final Pattern ALLOWED =
      Pattern.compile(
          "^(/v[0-9.]+)?/(_ping|events|info|version|containers/json|containers/[a-zA-Z0-9_.-]+/json)(\\?.*)?$");

  private final List<String> refused = new CopyOnWriteArrayList<>();

  @Override
  public Optional<EngineProxy.Reply> refuse(String method, String path) {
    if (method.equals("GET") && ALLOWED.matcher(path).matches()) {
      return Optional.empty();
    }
    refused.add(method + " " + path);
    return Optional.of(
        new EngineProxy.Reply(403, "{\"message\":\"forbidden by the proxy's allow-list\"}"));
  }

  /** Every request the allow-list refused. */
  List<String> refused() {
    return List.copyOf(refused);
  }
}
