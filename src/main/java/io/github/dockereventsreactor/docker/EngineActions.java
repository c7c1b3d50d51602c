package io.github.dockereventsreactor.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.transport.DockerHttpClient;
import io.github.dockereventsreactor.core.ContainerApi;
import io.github.dockereventsreactor.core.ContainerState;
import io.github.dockereventsreactor.core.ContainerSummary;
import io.github.dockereventsreactor.core.OutputLines;
import io.github.dockereventsreactor.rules.ContainerVerb;
import io.github.dockereventsreactor.rules.Prepared;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The Engine API calls of {@code container:} actions: inspect, list by label, and the verbs —
 * {@code POST /containers/ID/restart|stop|start|kill|pause|unpause}, and exec as create, start
 * (attached, its multiplexed output read through the rule's limits) and inspect for the exit code.
 * Docker's and Podman's compatible API answer them alike.
 */
public final class EngineActions implements ContainerApi {

  private static final DockerHttpClient.Request.Method POST = DockerHttpClient.Request.Method.POST;
  private static final DockerHttpClient.Request.Method GET = DockerHttpClient.Request.Method.GET;

  /** Data binding only once an action runs. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private final Engine engine;

  public EngineActions(Engine engine) {
    this.engine = engine;
  }

  /** A container that cannot exist: no container's name holds a '~'. */
  private static final String NO_SUCH_CONTAINER = "docker-events-reactor~probe";

  /**
   * Why the engine, or a socket proxy before it, would refuse {@code verb}, asked with a harmless
   * call on a container that cannot exist: 404 (no such container) means the call got through to
   * the engine; 401, 403 or 405 means it was refused before any container was looked for. Empty
   * when the call would get through, and when it cannot tell (no answer, another status).
   */
  public Optional<String> refusal(ContainerVerb verb) {
    String path = "/containers/" + NO_SUCH_CONTAINER + "/" + verb.word();
    String shown = "POST /containers/ID/" + verb.word();
    try {
      return engine.send(
          "a probe of " + shown,
          POST,
          path,
          verb == ContainerVerb.EXEC ? Optional.of("{\"Cmd\":[\"true\"]}") : Optional.empty(),
          System.nanoTime() + Engine.REQUEST_TIMEOUT.toNanos(),
          (status, response) -> {
            if (status != 401 && status != 403 && status != 405) {
              return Optional.<String>empty();
            }
            String body = Engine.body(response).replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ");
            return Optional.of(
                shown
                    + " answered HTTP "
                    + status
                    + (body.isBlank() ? "" : " (" + body.strip() + ")"));
          });
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<ContainerState> inspect(String container) {
    Optional<String> document;
    try {
      document = engine.inspect(container);
    } catch (RuntimeException e) {
      throw failure("inspect " + container, e);
    }
    return document.map(EngineActions::state);
  }

  private static ContainerState state(String document) {
    JsonNode root = tree(document);
    JsonNode state = root.path("State");
    String health = state.path("Health").path("Status").asText("");
    return new ContainerState(
        root.path("Id").asText(""),
        root.path("Name").asText("").replaceFirst("^/", ""),
        state.path("Status").asText(""),
        health.isEmpty() ? Optional.empty() : Optional.of(health));
  }

  @Override
  public List<String> labelled(Map<String, String> labels) {
    ObjectNode filters = Json.MAPPER.createObjectNode();
    new TreeMap<>(labels).forEach((k, v) -> filters.withArray("label").add(k + "=" + v));
    String path =
        "/containers/json?all=1&filters="
            + URLEncoder.encode(filters.toString(), StandardCharsets.UTF_8);
    List<ContainerSummary> found;
    try {
      found =
          engine
              .read("the containers labelled " + labels, path, EngineAnswers::containers)
              .orElse(List.of());
    } catch (RuntimeException e) {
      throw failure("list the containers labelled " + labels, e);
    }
    List<String> ids = new ArrayList<>();
    found.forEach(c -> ids.add(c.id()));
    return ids;
  }

  @Override
  public OptionalInt act(
      ContainerState container,
      Prepared.ContainerCall call,
      long deadlineNanos,
      OutputLines output) {
    String what = call.verb().word() + " " + container.shown();
    try {
      if (call.verb() == ContainerVerb.EXEC) {
        return OptionalInt.of(exec(container, call, deadlineNanos, output));
      }
      engine.send(
          what,
          POST,
          "/containers/" + container.id() + "/" + call.verb().word() + query(call),
          Optional.empty(),
          deadlineNanos,
          (status, response) -> expect(what, status, response, 204, 304));
      return OptionalInt.empty();
    } catch (ContainerApi.Failure e) {
      throw e;
    } catch (RuntimeException e) {
      throw failure(what, e);
    }
  }

  private static String query(Prepared.ContainerCall call) {
    if (call.verb() == ContainerVerb.KILL) {
      return "?signal=" + URLEncoder.encode(call.signal(), StandardCharsets.UTF_8);
    }
    return call.verb().stops() && call.stopTimeout().isPresent()
        ? "?t=" + call.stopTimeout().get().toSeconds()
        : "";
  }

  /**
   * Creates the exec, starts it attached and reads its output to the end (the engine closes the
   * stream when the command exits), then asks for its exit code.
   */
  private int exec(
      ContainerState container, Prepared.ContainerCall call, long deadline, OutputLines output) {
    ObjectNode create = Json.MAPPER.createObjectNode();
    create.put("AttachStdout", true).put("AttachStderr", true).put("Tty", false);
    call.command().forEach(create.withArray("Cmd")::add);
    call.user().ifPresent(u -> create.put("User", u));
    call.env().forEach((k, v) -> create.withArray("Env").add(k + "=" + v));
    String what = "exec in " + container.shown();
    String id =
        engine.send(
            what,
            POST,
            "/containers/" + container.id() + "/exec",
            Optional.of(create.toString()),
            deadline,
            (status, response) -> {
              expect(what, status, response, 201, 201);
              return tree(new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8))
                  .path("Id")
                  .asText("");
            });
    engine.send(
        what,
        POST,
        "/exec/" + id + "/start",
        Optional.of("{\"Detach\":false,\"Tty\":false}"),
        deadline,
        (status, response) -> {
          expect(what, status, response, 200, 200);
          demultiplex(response.getBody(), output);
          return status;
        });
    output.end();
    return engine.send(
        what,
        GET,
        "/exec/" + id + "/json",
        Optional.empty(),
        deadline,
        (status, response) -> {
          expect(what, status, response, 200, 200);
          JsonNode exec =
              tree(new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8));
          if (exec.path("Running").asBoolean(false) || !exec.path("ExitCode").isInt()) {
            throw new ContainerApi.Failure(what + ": the engine gave no exit code", false);
          }
          return exec.path("ExitCode").asInt();
        });
  }

  /**
   * Reads an attached stream to its end into {@code output}: frames of an 8-byte header (stream
   * 0-2, three zero bytes, a big-endian length) and their bytes, stdout and stderr alike; a stream
   * that does not start with such a header (a TTY's) is taken raw.
   */
  static void demultiplex(InputStream in, OutputLines output) throws IOException {
    byte[] header = new byte[8];
    byte[] buffer = new byte[64 * 1024];
    int got = in.readNBytes(header, 0, 8);
    boolean framed = got == 8 && header[0] <= 2 && header[1] == 0 && header[2] == 0;
    if (!framed) {
      output.take(header, got);
      int n;
      while ((n = in.read(buffer)) >= 0) {
        output.take(buffer, n);
      }
      return;
    }
    while (got == 8) {
      long left =
          ((header[4] & 0xFFL) << 24)
              | ((header[5] & 0xFF) << 16)
              | ((header[6] & 0xFF) << 8)
              | (header[7] & 0xFF);
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          return;
        }
        output.take(buffer, n);
        left -= n;
      }
      got = in.readNBytes(header, 0, 8);
    }
  }

  /** Returns when the status is one of the two expected; otherwise throws the engine's message. */
  private static Void expect(
      String what, int status, DockerHttpClient.Response response, int ok, int alsoOk) {
    if (status == ok || status == alsoOk) {
      return null;
    }
    String body = Engine.body(response);
    String message = body;
    try {
      message = Json.MAPPER.readTree(body).path("message").asText(body);
    } catch (IOException e) {
      // not JSON: the text as it came
    }
    throw new ContainerApi.Failure(
        what
            + ": the engine answered HTTP "
            + status
            + (status == 404 ? " (no such container)" : "")
            + (message.isEmpty() ? "" : ": " + message),
        false);
  }

  private static JsonNode tree(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new ContainerApi.Failure("the engine's answer is not JSON: " + e.getMessage(), false);
    }
  }

  private static ContainerApi.Failure failure(String what, RuntimeException e) {
    if (e instanceof ContainerApi.Failure failure) {
      return failure;
    }
    Throwable cause = e.getCause() == null ? e : e.getCause();
    return new ContainerApi.Failure(
        e instanceof EngineException ? e.getMessage() : what + ": " + cause.getMessage(),
        e instanceof EngineException.Late);
  }
}
