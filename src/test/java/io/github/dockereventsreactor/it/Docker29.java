package io.github.dockereventsreactor.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relay behaving as Docker 29 does in front of an older engine: it announces API 1.52 (or the
 * version given), refuses versions below 1.44 and above its own with Docker's 400 messages, leaves
 * {@code status}/{@code id}/{@code from} out of events and the container-wide network fields out of
 * inspect. Requests go on to the real engine under its own version.
 */
final class Docker29 implements EngineProxy.Behaviour {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VERSIONED = Pattern.compile("^/v(\\d+)\\.(\\d+)(/.*)$");
  private static final Pattern INSPECT = Pattern.compile("^/v[0-9.]+/containers/[^/]+/json$");
  static final List<String> REMOVED_NETWORK_FIELDS =
      List.of(
          "IPAddress",
          "IPPrefixLen",
          "Gateway",
          "MacAddress",
          "EndpointID",
          "GlobalIPv6Address",
          "GlobalIPv6PrefixLen",
          "IPv6Gateway",
          "Bridge",
          "HairpinMode",
          "LinkLocalIPv6Address",
          "LinkLocalIPv6PrefixLen",
          "SecondaryIPAddresses",
          "SecondaryIPv6Addresses");

  private final int minor;
  private final String engineVersion;

  /** Announces API 1.{@code minor}, relaying to an engine that speaks {@code engineVersion}. */
  Docker29(int minor, String engineVersion) {
    this.minor = minor;
    this.engineVersion = engineVersion;
  }

  @Override
  public Optional<EngineProxy.Reply> refuse(String method, String path) {
    Matcher versioned = VERSIONED.matcher(path);
    if (!versioned.matches()) {
      return Optional.empty();
    }
    int major = Integer.parseInt(versioned.group(1));
    int asked = Integer.parseInt(versioned.group(2));
    String version = major + "." + asked;
    if (major < 1 || (major == 1 && asked < 44)) {
      return Optional.of(
          message(
              "client version "
                  + version
                  + " is too old. Minimum supported API version"
                  + " is 1.44, please upgrade your client to a newer version"));
    }
    if (major > 1 || asked > minor) {
      return Optional.of(
          message(
              "client version "
                  + version
                  + " is too new. Maximum supported API version"
                  + " is 1."
                  + minor));
    }
    return Optional.empty();
  }

  private static EngineProxy.Reply message(String text) {
    return new EngineProxy.Reply(400, JSON.createObjectNode().put("message", text).toString());
  }

  @Override
  public String upstream(String path) {
    Matcher versioned = VERSIONED.matcher(path);
    return versioned.matches() ? "/v" + engineVersion + versioned.group(3) : path;
  }

  @Override
  public void headers(String path, Map<String, String> headers) {
    headers
        .keySet()
        .removeIf(h -> h.equalsIgnoreCase("Api-Version") || h.equalsIgnoreCase("Server"));
    headers.put("Api-Version", "1." + minor);
    headers.put("Server", "Docker/29.0.0 (linux)");
    if (path.contains("/events")) {
      headers.keySet().removeIf(h -> h.equalsIgnoreCase("Content-Type"));
      headers.put("Content-Type", "application/x-ndjson");
    }
  }

  @Override
  public String event(String line) {
    ObjectNode event = parse(line);
    event.remove(List.of("status", "id", "from"));
    return event.toString();
  }

  @Override
  public String body(String path, String json) {
    if (path.endsWith("/version")) {
      ObjectNode version = parse(json);
      version.put("Version", "29.0.0").put("ApiVersion", "1." + minor).put("MinAPIVersion", "1.44");
      return version.toString();
    }
    if (INSPECT.matcher(path).matches()) {
      ObjectNode inspect = parse(json);
      ((ObjectNode) inspect.path("NetworkSettings")).remove(REMOVED_NETWORK_FIELDS);
      return inspect.toString();
    }
    return json;
  }

  private static ObjectNode parse(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      return (ObjectNode) node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
