package io.github.dockereventsreactor.it;

import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cheap events through the Engine API with keep-alive (the docker CLI costs 13–23 ms a call): a
 * volume create and remove are two events each.
 */
final class EventLoad implements AutoCloseable {

  private final DockerHttpClient http;

  EventLoad(String host) {
    http = new ApacheDockerHttpClient.Builder().dockerHost(URI.create(host)).build();
  }

  /**
   * Creates and removes {@code pairs} volumes named {@code prefix-N}, at most {@code perSecond}
   * events a second (0: as fast as the engine goes); returns the volume names in order.
   */
  List<String> volumes(String prefix, int pairs, int perSecond) throws Exception {
    List<String> names = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < pairs; i++) {
      String name = prefix + "-" + i;
      call("POST", "/volumes/create", "{\"Name\":\"" + name + "\"}", 201);
      call("DELETE", "/volumes/" + name, null, 204);
      names.add(name);
      if (perSecond > 0) {
        long due = start + (long) ((i + 1) * 2 * 1e9 / perSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
    }
    return names;
  }

  /** The events of {@link #volumes}, in order, as "ACTION NAME": a create and a destroy each. */
  static List<String> volumeEvents(List<String> names) {
    List<String> events = new ArrayList<>();
    for (String name : names) {
      events.add("create " + name);
      events.add("destroy " + name);
    }
    return events;
  }

  /**
   * Creates and removes {@code count} containers named {@code prefix-N}: create and destroy events.
   */
  void containers(String prefix, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      String name = prefix + "-" + i;
      call(
          "POST",
          "/containers/create?name=" + name,
          "{\"Image\":\"reactor-test/busybox\",\"Cmd\":[\"true\"]}",
          201);
      call("DELETE", "/containers/" + name, null, 204);
    }
  }

  /**
   * Creates (without starting) a container named {@code name} with these labels, which the engine
   * copies into its events' attributes: any string the API takes, a NUL byte or 100 KB included.
   */
  void labelled(String name, java.util.Map<String, String> labels) throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    String body =
        json.writeValueAsString(
            java.util.Map.of(
                "Image", "reactor-test/busybox", "Cmd", List.of("true"), "Labels", labels));
    call("POST", "/containers/create?name=" + name, body, 201);
  }

  private void call(String method, String path, String body, int expected) throws Exception {
    DockerHttpClient.Request.Builder request =
        DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.valueOf(method))
            .path(path);
    if (body != null) {
      request
          .putHeader("Content-Type", "application/json")
          .body(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }
    try (DockerHttpClient.Response response = http.execute(request.build())) {
      response.getBody().readAllBytes();
      if (response.getStatusCode() != expected) {
        throw new AssertionError(method + " " + path + " answered " + response.getStatusCode());
      }
    }
  }

  @Override
  public void close() throws Exception {
    http.close();
  }
}
