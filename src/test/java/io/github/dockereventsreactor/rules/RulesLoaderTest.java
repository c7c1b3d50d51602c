package io.github.dockereventsreactor.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.dockereventsreactor.template.Template;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RulesLoaderTest {

  static RuleSet load(String name) throws Exception {
    return RulesLoader.load(Path.of("src/test/resources/rules", name));
  }

  static List<String> problems(String name) {
    try {
      load(name);
    } catch (InvalidRulesException e) {
      return e.problems().stream().map(Problem::toString).collect(Collectors.toList());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError(name + " loaded without errors");
  }

  private static List<String> sources(Rule rule) {
    return ((Action.Exec) rule.actions().get(0))
        .argv().stream().map(Template::source).collect(Collectors.toList());
  }

  private static String pattern(Rule rule) {
    return rule.patterns().stream().map(p -> p.describe()).collect(Collectors.joining(" | "));
  }

  @Test
  void aRulesLineGivesItsDurationsAsTheFileWritesThem() throws Exception {
    RuleSet rules =
        RulesLoader.parse(
            "r.yml",
            """
            events_reactor:
              debounced:
                run: [x]
                timeout: 90s
                debounce: 1500ms
              throttled:
                run: [x]
                timeout: 2h
                throttle: {max: 1, per: 1m}
              batched:
                run: [x]
                batch: {max: 10, linger: 200ms}
            """);

    assertThat(rules.rules().stream().map(Rule::describe))
        .containsExactly(
            "debounced: on every event run [\"x\"] (timeout 90s, concurrency 4, order actor,"
                + " queue 100000 drop-newest or spill, debounce 1500ms by %%actor.id%%)",
            "throttled: on every event run [\"x\"] (timeout 2h, concurrency 4, order actor,"
                + " queue 100000 drop-newest or spill, throttle 1 per 1m by %%actor.id%%)",
            "batched: on every event run [\"x\"] (timeout 1m, concurrency 1, order rule,"
                + " queue 100000 drop-newest or spill, batch 10 linger 200ms)");
  }

  @Test
  void theIssueFileParsesIntoExactlyItsThreeRules() throws Exception {
    RuleSet rules = load("example.yml");

    assertThat(rules.rules())
        .extracting(Rule::name)
        .containsExactly(
            "Fire notification on container lifecycle event",
            "Propagate all events to Salt",
            "Update Sentry Relay configuration");
    Rule notify = rules.rules().get(0);
    assertThat(pattern(notify)).isEqualTo("type=container");
    assertThat(sources(notify))
        .containsExactly(
            "notification-push",
            "--project",
            "Acme",
            "--service",
            "Docker",
            "--type",
            "container.%%action%%",
            "--group",
            "ops",
            "--text",
            "Docker container %%actor.name%%: %%action%%",
            "--link",
            "%%host%%");
    Rule salt = rules.rules().get(1);
    assertThat(pattern(salt)).isEqualTo("every event");
    assertThat(sources(salt))
        .containsExactly("sudo", "salt-call", "event.send", "docker", "%%payload%%");
    Rule sentry = rules.rules().get(2);
    assertThat(pattern(sentry)).isEqualTo("type=container action=start actor.name=sentry_web");
    assertThat(sources(sentry)).containsExactly("docker-paas-propagate-sentry-relay", "%%ip%%");
    assertThat(rules.settings()).isEqualTo(Settings.DEFAULTS);
  }

  @Test
  void reportsEveryProblemAtOnceWithFileLineColumnAndRule() {
    String f = "src/test/resources/rules/many-errors.yml";
    assertThat(problems("many-errors.yml"))
        .containsExactly(
            f
                + ":5:7: rule \"Update Sentry Relay configuration\": unknown key \"acton\""
                + " (known: type, action, scope, actor, killed)",
            f
                + ":6:50: rule \"Update Sentry Relay configuration\": unknown placeholder %%ipp%%"
                + " (known: type, action, docker.action, scope, time, time.iso, timeNano, actor.id,"
                + " actor.<attribute>, host, engine, payload, ip, ip.<network>, container.<path>, killed,"
                + " synthetic, event.id, batch, batch.size)",
            f
                + ":8:10: rule \"Not a list\": run: expected a non-empty list of strings"
                + " (the command's argv)",
            f
                + ":10:10: rule \"Empty command\": run: expected a non-empty list of strings"
                + " (the command's argv)",
            f
                + ":14:16: rule \"Wrong value type\": unknown key \"nested\" (known: glob, regex, not,"
                + " exists)",
            f
                + ":16:3: rule \"No command\": no run: a rule needs a command, a webhook, a nats publish, a container"
                + " action or a metric to count",
            f + ":20:17: rule \"Element not a string\": expected a string in run, found a list",
            f
                + ":22:3: unknown key \"dockr_host\" (known: docker_host, state_file, metrics,"
                + " max_event_bytes, nats, tls, payload, journal, engines)",
            f + ":23:1: unknown key \"extra\" (known: events_reactor, reactor)");
  }

  @Test
  void readsTheRuleOptions() throws Exception {
    Rule rule = load("options.yml").rules().get(0);

    assertThat(rule.options())
        .isEqualTo(
            new RuleOptions(
                java.time.Duration.ofMillis(1500),
                4,
                10,
                RuleOptions.Overflow.DROP_OLDEST,
                true,
                false,
                Optional.empty(),
                Optional.empty(),
                Template.ACTOR_ID,
                Optional.empty(),
                Long.MAX_VALUE,
                RuleOptions.Order.ACTOR));
    assertThat(load("example.yml").rules().get(0).options()).isEqualTo(RuleOptions.DEFAULTS);
  }

  @Test
  void reportsEveryBadOptionWithItsPosition() {
    String f = "src/test/resources/rules/bad-options.yml";
    assertThat(problems("bad-options.yml"))
        .containsExactly(
            f
                + ":3:14: rule \"R\": timeout: \"1.5s\" is not a duration: write a whole number"
                + " and a unit, as 500ms, 2s, 1m, 1h",
            f
                + ":4:18: rule \"R\": concurrency: expected a whole number from 1 to 1000, found \"0\"",
            f
                + ":5:12: rule \"R\": queue: expected a count of events from 1 to 10000000 or a size such as"
                + " 10MiB, found \"many\"",
            f
                + ":6:15: rule \"R\": overflow: expected drop-newest, drop-oldest or spill, found"
                + " \"drop-all\"",
            f + ":7:16: rule \"R\": reconcile: expected true or false, found \"yes\"");
  }

  @Test
  void ordersPerActorByDefaultAndABatchTakesItsQueueInTurn() throws Exception {
    List<RuleOptions> options = load("order.yml").rules().stream().map(Rule::options).toList();

    assertThat(options)
        .extracting(RuleOptions::order, RuleOptions::concurrency)
        .containsExactly(
            tuple(RuleOptions.Order.ACTOR, 4),
            tuple(RuleOptions.Order.RULE, 1),
            tuple(RuleOptions.Order.NONE, 8),
            tuple(RuleOptions.Order.KEY, 2),
            tuple(RuleOptions.Order.RULE, 1),
            tuple(RuleOptions.Order.NONE, 3));
    assertThat(options.get(3).key().source()).isEqualTo("%%actor.name%%");
  }

  @Test
  void reportsAnOrderThatCannotHold() {
    String f = "src/test/resources/rules/bad-order.yml";
    assertThat(problems("bad-order.yml"))
        .containsExactly(
            f + ":4:12: rule \"Unknown\": order: expected actor, key, rule or none, found \"time\"",
            f
                + ":7:12: rule \"Key without key\": order: key needs a key:, as key: '%%actor.name%%'",
            f
                + ":11:18: rule \"Rule in parallel\": concurrency: order: rule runs one command at a time",
            f
                + ":14:12: rule \"Batch in order\": order: not with batch:, whose batches take the queue in"
                + " turn (one at a time, in event order, unless concurrency: runs several batches at once)",
            f + ":17:10: rule \"Key alone\": key: only with debounce, throttle or order: key");
  }

  @Test
  void aQueueIsACountOrASize() {
    String f = "src/test/resources/rules/queue-size.yml";
    assertThat(problems("queue-size.yml"))
        .containsExactly(
            f
                + ":6:12: rule \"Bad size\": queue: expected a count of events from 1 to 10000000 or a size"
                + " such as 10MiB, found \"10 MB\"");
  }

  @Test
  void aQueueOfTenMebibytesKeepsTheDefaultCountBesideIt() throws Exception {
    RuleOptions options =
        RulesLoader.parse("r.yml", "events_reactor:\n  r:\n    queue: 10MiB\n    run: [echo]\n")
            .rules()
            .get(0)
            .options();
    assertThat(options.queueBytes()).isEqualTo(10L << 20);
    assertThat(options.queue()).isEqualTo(RuleOptions.DEFAULTS.queue());
  }

  @Test
  void readsTheJournalSettings() throws Exception {
    assertThat(load("journal.yml").settings().journal())
        .isEqualTo(
            new JournalSettings(
                Optional.of("/var/lib/docker-events-reactor/journal"),
                JournalSettings.Fsync.ALWAYS,
                64L << 20));
  }

  @Test
  void reportsEveryBadJournalSetting() {
    String f = "src/test/resources/rules/bad-journal.yml";
    assertThat(problems("bad-journal.yml"))
        .containsExactly(
            f + ":7:12: fsync: expected always, batch or never, found \"sometimes\"",
            f + ":8:16: max_bytes: at least 1MiB, found \"10KiB\"",
            f + ":9:5: unknown key \"size\" (known: path, fsync, max_bytes)");
  }

  @Test
  void readsMetricsSettingsAndRuleMetrics() throws Exception {
    RuleSet rules = load("metrics.yml");

    assertThat(rules.settings().metrics())
        .isEqualTo(
            new MetricsSettings(
                Optional.of("127.0.0.1:9323"),
                List.of("actor.name", "actor.com.docker.compose.service"),
                true,
                50));
    RuleMetric metric = rules.rules().get(0).metric().orElseThrow();
    assertThat(metric.name()).isEqualTo("container_starts");
    assertThat(metric.labels().keySet()).containsExactly("name", "service");
    assertThat(rules.rules().get(0).actions()).isEmpty();
  }

  @Test
  void reportsBadMetricsWithTheirPositions() {
    String f = "src/test/resources/rules/bad-metrics.yml";
    assertThat(problems("bad-metrics.yml"))
        .containsExactly(
            f + ":3:20: rule \"R\": metric: \"bad-name\" is not a Prometheus metric name",
            f
                + ":3:43: rule \"R\": metric labels: event values only, not %%host%%, %%ip%% or"
                + " %%container.…%% (rendered on the reading thread, which never waits for the"
                + " engine)",
            f + ":4:17: rule \"R\": expected a string in run, found a mapping",
            f + ":8:9: labels: \"image\" is not an actor attribute such as actor.name",
            f
                + ":9:5: unknown key \"listn\" (known: listen, labels, health_status_detail, max_series)");
  }

  @Test
  void reportsEveryInvalidPatternWithItsPosition() {
    String f = "src/test/resources/rules/bad-patterns.yml";
    assertThat(problems("bad-patterns.yml"))
        .containsExactly(
            f
                + ":4:32: rule \"Bad patterns\": regex: missing closing ) `sentry_(web` in"
                + " \"sentry_(web\"",
            f + ":5:38: rule \"Bad patterns\": glob: unterminated [ in \"sentry_[web\"",
            f
                + ":6:23: rule \"Bad patterns\": actor.name: an operator map holds exactly one of glob,"
                + " regex, not, exists",
            f
                + ":7:24: rule \"Bad patterns\": unknown key \"like\" (known: glob, regex, not, exists)",
            f + ":8:26: rule \"Bad patterns\": exists: expected true or false, found \"maybe\"");
  }

  @Test
  void refusesWhatRe2CannotMatchInLinearTimeAtItsColumn() {
    String f = "src/test/resources/rules/re2-patterns.yml";
    String why =
        " (RE2 syntax, matched in linear time: no back-references, no look-ahead or look-behind)";
    assertThat(problems("re2-patterns.yml"))
        .containsExactly(
            f
                + ":4:38: rule \"Not linear\": regex: invalid escape sequence `\\1` in"
                + " \"(web)-\\1\""
                + why,
            f
                + ":5:35: rule \"Not linear\": regex: invalid or unsupported Perl syntax `(?=` in"
                + " \"web(?=-prod)\""
                + why,
            f
                + ":6:32: rule \"Not linear\": regex: invalid named capture `(?<!x)web` in"
                + " \"(?<!x)web\""
                + why,
            f
                + ":7:31: rule \"Not linear\": regex: nested repeat counts multiply to more than 1000"
                + " (too large to compile) in \"((a{100}){100}){100}\"",
            f + ":8:36: rule \"Not linear\": glob: empty range 9-0 in [ in \"web-[9-0]\"");
  }

  @Test
  void theEnginesNameIsAnEventValueForKeysAndLabels() throws Exception {
    RuleSet rules =
        RulesLoader.parse(
            "r.yml",
            """
            events_reactor:
              Per engine:
                event: {type: container}
                run: [echo, '%%actor.id%%']
                debounce: 1s
                key: '%%engine%%/%%actor.id%%'
                metric: {name: starts, labels: {engine: '%%engine%%'}}
            """);
    assertThat(rules.rules().get(0).options().key().eventOnly()).isTrue();
    assertThat(rules.rules().get(0).metric().orElseThrow().labels()).containsOnlyKeys("engine");
  }

  @Test
  void refusesWhatTheReadingThreadCouldNotRenderAndMetricsRunCouldNotRegister() {
    String f = "src/test/resources/rules/reader-only.yml";
    String engine =
        ": event values only, not %%host%%, %%ip%% or %%container.…%% (rendered on the reading"
            + " thread, which never waits for the engine)";
    String owned =
        "is named like the reactor's own metrics (docker_events*, docker_exec_events*,"
            + " reactor_*, jvm_*, process_*): choose another name";
    assertThat(problems("reader-only.yml"))
        .containsExactly(
            f + ":5:10: rule \"Key from inspect\": key" + engine,
            f + ":9:10: rule \"Key from host\": key" + engine,
            f + ":11:20: rule \"Counts as the reactor\": metric: \"docker_events\" " + owned,
            f + ":13:20: rule \"Counts as the JVM\": metric: \"jvm_threads_current\" " + owned,
            f
                + ":15:20: rule \"Counts as a reactor counter\": metric:"
                + " \"reactor_commands_started_total\" "
                + owned,
            f
                + ":17:20: rule \"Reserved suffix\": metric: \"my_info\" ends in _info, which"
                + " Prometheus reserves: choose another name",
            f
                + ":20:3: rule \"Same counter as x, written with total\": metric starts_total has the"
                + " labels [a] in another rule, not [b]");
  }

  @Test
  void reportsAYamlSyntaxErrorWithItsPosition() {
    assertThat(problems("syntax-error.yml"))
        .singleElement()
        .asString()
        .startsWith("src/test/resources/rules/syntax-error.yml:4:1: YAML syntax error: ");
  }

  @Test
  void reportsADuplicateRuleName() {
    assertThat(problems("duplicate-names.yml"))
        .containsExactly(
            "src/test/resources/rules/duplicate-names.yml:4:3: duplicate key \"A\": also at line"
                + " 2:3 of the same mapping; a key may appear once");
  }

  @Test
  void keepsScalarsAsWrittenAndReadsSettings() throws Exception {
    RuleSet rules = load("strings-as-written.yml");

    Rule rule = rules.rules().get(0);
    assertThat(pattern(rule))
        .isEqualTo(
            "action=[die, health_status: healthy] actor.exitCode=0 actor.flag=on actor.other=yes");
    assertThat(sources(rule)).containsExactly("echo", "%%actor.exitCode%%", "100%% sure");
    assertThat(rules.settings().dockerHost()).isEqualTo(Optional.of("tcp://127.0.0.1:2375"));
  }

  @Test
  void anEmptyFileIsAnError() {
    assertThatThrownBy(() -> RulesLoader.parse("empty.yml", "\n"))
        .isInstanceOf(InvalidRulesException.class)
        .hasMessage("empty.yml:1:1: the file is empty: expected events_reactor:");
  }

  @Test
  void overflowSpillIsTheDefaultWordAndNotWithDebounce() throws Exception {
    String rule = "events_reactor:\n  r:\n    run: [x]\n";
    assertThat(RulesLoader.parse("r.yml", rule).rules().get(0).options().overflow())
        .isEqualTo(RuleOptions.Overflow.DEFAULT);
    assertThat(
            RulesLoader.parse("r.yml", rule + "    overflow: spill\n")
                .rules()
                .get(0)
                .options()
                .overflow())
        .isEqualTo(RuleOptions.Overflow.SPILL);
    assertThatThrownBy(
            () -> RulesLoader.parse("r.yml", rule + "    overflow: spill\n    debounce: 1s\n"))
        .hasMessage(
            "r.yml:4:15: rule \"r\": overflow: spill not with debounce, which keeps only the last"
                + " event of each key");
  }

  @Test
  void aFileWithoutRulesIsAnError() {
    assertThatThrownBy(() -> RulesLoader.parse("r.yml", "reactor: {}\n"))
        .hasMessage("r.yml:1:1: no events_reactor: block, so no rules");
    assertThatThrownBy(() -> RulesLoader.parse("r.yml", "events_reactor: {}\n"))
        .hasMessage("r.yml:1:17: events_reactor has no rules");
  }

  @Test
  void engineSettingsReadTlsAndTheLegacyPayloadOption() throws Exception {
    Settings settings = load("engine-settings.yml").settings();
    assertThat(settings.dockerHost()).contains("tcp://engine.example:2376");
    assertThat(settings.engine())
        .isEqualTo(new EngineSettings(Optional.of("/etc/docker-events-reactor/tls"), true));
    assertThat(Settings.DEFAULTS.engine().legacyPayloadFields()).isFalse();
  }

  @Test
  void badEngineSettingsAreReportedWhereTheyAre() {
    String f = "src/test/resources/rules/bad-engine-settings.yml";
    assertThat(problems("bad-engine-settings.yml"))
        .containsExactly(
            f + ":6:5: unknown key \"ca\" (known: cert_path)",
            f + ":8:20: legacy_fields: expected true or false, found \"yes please\"");
  }

  /**
   * A reload keeps an unchanged rule's lane by rule equality: the same text loads to equal rules.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "example.yml",
        "operators.yml",
        "options.yml",
        "metrics.yml",
        "strings-as-written.yml",
        "batch.yml",
        "nats.yml"
      })
  void theSameTextLoadsToEqualRules(String file) throws Exception {
    assertThat(load(file)).isEqualTo(load(file));
    assertThat(load(file).hashCode()).isEqualTo(load(file).hashCode());
  }
}
