package io.github.dockereventsreactor.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The reactor's HTTP endpoints on loopback, and the Prometheus text it serves, parsed. */
final class Scrape {

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? ([^ ]+)");

  private final HttpClient http = HttpClient.newHttpClient();
  private final int port;

  Scrape(int port) {
    this.port = port;
  }

  /** The port the reactor's log says it serves metrics on. */
  static int portFrom(String log) {
    Matcher m = Pattern.compile("metrics on port (\\d+)").matcher(log);
    if (!m.find()) {
      throw new AssertionError("no metrics port in the log:\n" + log);
    }
    return Integer.parseInt(m.group(1));
  }

  HttpResponse<String> get(String path, String accept) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Every sample of /metrics: "name{labels}" to value. */
  Map<String, Double> samples() throws Exception {
    Map<String, Double> samples = new HashMap<>();
    for (String line : get("/metrics", null).body().split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!line.startsWith("#") && m.find()) {
        samples.put(
            m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
      }
    }
    return samples;
  }

  /** The names of the metric families served. */
  Set<String> names() throws Exception {
    Set<String> names = new TreeSet<>();
    for (String line : get("/metrics", null).body().split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!line.startsWith("#") && m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** The sum of the samples of a metric whose labels contain every given fragment. */
  double sum(Map<String, Double> samples, String metric, String... fragments) {
    double sum = 0;
    for (Map.Entry<String, Double> e : samples.entrySet()) {
      String key = e.getKey();
      if (!key.equals(metric) && !key.startsWith(metric + "{")) {
        continue;
      }
      boolean all = true;
      for (String f : fragments) {
        all &= key.contains(f);
      }
      if (all) {
        sum += e.getValue();
      }
    }
    return sum;
  }
}
