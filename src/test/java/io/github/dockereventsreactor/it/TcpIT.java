package io.github.dockereventsreactor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockereventsreactor.it.Recorders.Call;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine over TCP: plain HTTP through a relay on 127.0.0.1, and TLS with a client certificate.
 */
class TcpIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Path ENGINE = Path.of("/var/run/docker.sock");

  @TempDir Path dir;

  private final Docker docker = Docker.local();
  private final String name = "tcpit" + Long.toHexString(System.nanoTime());

  @AfterEach
  void cleanUp() {
    docker.quietly("rm", "-f", name);
  }

  private Path rules(String reactorBlock) throws Exception {
    Path rules = dir.resolve("rules.yml");
    Files.writeString(
        rules,
        "events_reactor:\n"
            + "  Created:\n"
            + "    event: {type: container, action: create, actor: {name: "
            + name
            + "}}\n"
            + "    run: [recorder, '%%actor.name%%', '%%host%%']\n"
            + reactorBlock);
    return rules;
  }

  private void createdContainerIsActedOn(ReactorProcess reactor, Recorders recorders)
      throws Exception {
    docker.run("create", "--name", name, "reactor-test/busybox", "true");
    String host = docker.run("info", "--format", "{{.Name}}");
    reactor.await(() -> !calls(recorders).isEmpty(), WAIT, "the create rule");
    assertThat(calls(recorders)).extracting(Call::args).containsExactly(List.of(name, host));
  }

  private static List<Call> calls(Recorders recorders) {
    try {
      return recorders.calls("recorder");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void plainTcpSpeaksHttpToARelayOnLoopback() throws Exception {
    Recorders recorders = new Recorders(dir).add("recorder");
    try (EngineProxy proxy = EngineProxy.plain(ENGINE, EngineProxy.TRANSPARENT);
        ReactorProcess reactor = reactor(recorders.bin(), Map.of(), rules(""), proxy.host())) {
      reactor.awaitLog("connected to the Docker engine at " + proxy.host() + " (API", WAIT);
      createdContainerIsActedOn(reactor, recorders);
      assertThat(proxy.requests()).anyMatch(r -> r.matches("GET /v1\\.\\d+/events"));
    }
  }

  @Test
  void tlsFromTheEnvironmentPresentsTheClientCertificateAndVerifiesTheEngine() throws Exception {
    TestCa ca = TestCa.create(Files.createDirectories(dir.resolve("ca")), "reactor test CA");
    Recorders recorders = new Recorders(dir).add("recorder");
    try (EngineProxy proxy = EngineProxy.tls(ENGINE, ca.serverContext());
        ReactorProcess reactor =
            reactor(
                recorders.bin(),
                Map.of("DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", ca.clientDir().toString()),
                rules(""),
                proxy.host())) {
      reactor.awaitLog(
          "connected to the Docker engine at " + proxy.host() + " (TLS, certificates from", WAIT);
      createdContainerIsActedOn(reactor, recorders);
    }
  }

  /** A reactor on {@code host} with these rules, logging to reactor.log. */
  private ReactorProcess reactor(Path bin, Map<String, String> env, Path rules, String host)
      throws IOException {
    return ReactorProcess.start(
        bin, dir.resolve("reactor.log"), env, "run", "-c", rules.toString(), "--docker-host", host);
  }

  /** As the Docker CLI: a directory with only ca.pem verifies the engine, presenting nothing. */
  @Test
  void aCertificateDirectoryWithOnlyTheCaVerifiesTheEngineWithoutAClientCertificate()
      throws Exception {
    TestCa ca = TestCa.create(Files.createDirectories(dir.resolve("ca")), "reactor test CA");
    Path caOnly = Files.createDirectories(dir.resolve("ca-only"));
    Files.copy(ca.clientDir().resolve("ca.pem"), caOnly.resolve("ca.pem"));
    Recorders recorders = new Recorders(dir).add("recorder");
    try (EngineProxy proxy = EngineProxy.tls(ENGINE, ca.serverContext(), false);
        ReactorProcess reactor =
            reactor(
                recorders.bin(),
                Map.of(),
                rules("reactor:\n  tls: {cert_path: '" + caOnly + "'}\n"),
                proxy.host())) {
      reactor.awaitLog(
          "connected to the Docker engine at " + proxy.host() + " (TLS, certificates from", WAIT);
      createdContainerIsActedOn(reactor, recorders);
    }
  }

  @Test
  void theFileTlsSettingRefusesAnEngineItsCaDidNotSign() throws Exception {
    TestCa ours = TestCa.create(Files.createDirectories(dir.resolve("ours")), "our CA");
    TestCa theirs =
        TestCa.create(Files.createDirectories(dir.resolve("theirs")), "an impostor's CA");
    Path rules = rules("reactor:\n  tls: {cert_path: '" + ours.clientDir() + "'}\n");
    try (EngineProxy impostor = EngineProxy.tls(ENGINE, theirs.serverContext());
        ReactorProcess reactor = reactor(dir, Map.of(), rules, impostor.host())) {
      reactor.awaitLog("cannot open the event stream from " + impostor.host() + " (TLS", WAIT);
      assertThat(reactor.log()).containsPattern("PKIX|certificat");
      assertThat(impostor.requests()).isEmpty();
      assertThat(reactor.log()).doesNotContain("connected to the Docker engine");
    }
  }
}
