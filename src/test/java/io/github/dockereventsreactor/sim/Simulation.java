package io.github.dockereventsreactor.sim;

import io.github.dockereventsreactor.core.Checkpoint;
import io.github.dockereventsreactor.core.EngineClock;
import io.github.dockereventsreactor.core.EventId;
import io.github.dockereventsreactor.core.EventJournal;
import io.github.dockereventsreactor.core.EventTime;
import io.github.dockereventsreactor.core.HandlingStep;
import io.github.dockereventsreactor.core.Outcome;
import io.github.dockereventsreactor.core.Reactor;
import io.github.dockereventsreactor.core.ReactorListener;
import io.github.dockereventsreactor.core.Resume;
import io.github.dockereventsreactor.daemon.JournalOpening;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.event.MalformedEventException;
import io.github.dockereventsreactor.rules.JournalSettings;
import io.github.dockereventsreactor.rules.Prepared;
import io.github.dockereventsreactor.rules.Rule;
import io.github.dockereventsreactor.rules.RuleSet;
import io.github.dockereventsreactor.state.CheckpointWriter;
import io.github.dockereventsreactor.state.Journal;
import io.github.dockereventsreactor.state.StateFile;
import io.github.dockereventsreactor.template.ContainerFacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * One seeded history of the fault simulator: the production reactor (its lanes, gates, progress,
 * checkpoint, resume and dedupe, reconcile, reload, and the journal and state file on a real
 * directory) driven on one thread, step by step, against a simulated engine, simulated actions and
 * faults chosen by the seed. Every step is one line of the trace; the invariants of {@link Ledger}
 * are judged after every step and, once the faults have stopped and everything drained, at the end.
 * The same seed gives the same trace.
 */
final class Simulation {

  /** What one history did, and the first invariant it broke, if any. */
  record Result(long seed, List<String> trace, Optional<String> failure, int steps, long reads) {

    /** The trace's last lines and the command that replays it. */
    String report() {
      StringBuilder out = new StringBuilder();
      out.append("seed ").append(seed).append(": ").append(failure.orElse("passed")).append('\n');
      trace
          .subList(Math.max(0, trace.size() - 60), trace.size())
          .forEach(line -> out.append("  ").append(line).append('\n'));
      out.append("replay: ").append(replayCommand(seed)).append('\n');
      return out.toString();
    }
  }

  static String replayCommand(long seed) {
    return "scripts/simulate --seed " + seed;
  }

  /** The steps with faults; the quiet steps after them drain what is pending. */
  static final int STEPS = 250;

  private final long seed;
  private final SplittableRandom random;
  private final SimEngine engine;
  private final SimRules rules;
  private final Ledger ledger = new Ledger();
  private final List<String> trace = new ArrayList<>();
  private final Map<EventId, String> labels = new HashMap<>();
  // The state's directory, on the simulated disk.
  private final SimDisk disk = new SimDisk();
  // The disk's faults are drawn from a stream of their own: a history is the same as without them
  // up to the first fault that changes what the reactor does.
  private final SplittableRandom diskRandom;
  private final Path dir;
  // Where each event journaled was last appended, and the events whose record a bit flip hit.
  private final Map<EventId, Spot> spots = new HashMap<>();
  private final Set<EventId> flipped = new HashSet<>();
  private Optional<Spot> appended = Optional.empty();
  private boolean healed;
  private boolean appendedSinceHealed;
  private final boolean journaled;
  private final JournalSettings.Fsync fsync;
  private final StateFile state;
  // The rules the reactor has in force (a storm's reload may still be on its way).
  private Map<String, SimRules.SimRule> inForce;
  private long monotonic;
  private int step;
  private Life life;
  private int lives;
  private int living;
  // A reload that the reload thread carries out while the reader is between matching an event and
  // offering it to the rules' lanes (the reload storm's window).
  private Optional<Runnable> reloadInFlight = Optional.empty();
  private int listenerFaults;
  private List<DockerEvent> batch = List.of();

  /** Where an event's record lies in a segment: bytes {@code at} to {@code end}. */
  private record Spot(Path file, long seq, long at, long end) {}

  /** One run of the reactor process, from a start to a crash (or the end). */
  private final class Life {
    final int number;
    final EventTime time = new EventTime();
    final EngineClock clock = new EngineClock(new HostClock());
    final Optional<Journal> journal;
    final Reactor reactor;
    final Resume resume;
    final CheckpointWriter<Checkpoint> writer;
    boolean connectedOnce;
    long lookAt = -1;

    Life(int number) throws IOException {
      this.number = number;
      // The journal's replay below acts in this life already.
      living = number;
      time.advanceTo(monotonic);
      clock.observe(Instant.ofEpochSecond(0, engine.now(monotonic)));
      Optional<Checkpoint> loaded = state.read();
      journal =
          journaled
              ? Optional.of(
                  Journal.unscheduled(
                      dir.resolve("journal"),
                      "sim-engine",
                      new JournalSettings(Optional.empty(), fsync, 64L << 20),
                      () -> monotonic))
              : Optional.empty();
      Optional<Checkpoint> saved =
          journal.isPresent() ? Checkpoint.resume(loaded, journal.get().recent()) : loaded;
      Optional<Checkpoint> checkpoint = saved.filter(c -> !Resume.fromTheFuture(c, clock));
      resume =
          checkpoint.isPresent()
              ? Resume.after(checkpoint.get(), clock)
              : saved.isPresent() ? Resume.behind(saved.get(), clock) : Resume.fromNow(clock);
      reactor =
          Reactor.onOneThread(
              new Reactor.Parts(
                  rules.load(),
                  ContainerFacts.none("simulated engine"),
                  engine::list,
                  clock,
                  new Actions(),
                  new Listener()),
              new Reactor.Start(saved, journal.map(Spied::new)),
              time);
      writer =
          CheckpointWriter.of(state, JournalOpening.durable(reactor::checkpoint, journal), loaded);
      if (journal.isPresent()) {
        try (Stream<EventJournal.Pending> pending = journal.get().pending()) {
          reactor.recover(pending);
        }
      }
    }
  }

  /** The host's wall clock: the engine's time (one host), stepping with it. */
  private final class HostClock extends Clock {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochSecond(0, engine.now(monotonic));
    }

    @Override
    public long millis() {
      return engine.now(monotonic) / 1_000_000L;
    }
  }

  private Simulation(long seed, Path dir) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    this.engine = new SimEngine(random.split());
    this.rules = SimRules.initial(random);
    this.inForce = rules.rules();
    this.dir = disk.path(dir);
    this.diskRandom = new SplittableRandom(seed ^ 0x5DEECE66DL);
    disk.onWrite(this::written);
    this.journaled = random.nextBoolean();
    this.fsync = random.nextBoolean() ? JournalSettings.Fsync.ALWAYS : JournalSettings.Fsync.BATCH;
    this.state = new StateFile(this.dir.resolve("state.json"));
  }

  /** Runs the history of {@code seed} in a directory of its own, removed after. */
  static Result run(long seed) {
    Path dir;
    try {
      // On tmpfs where there is one: each append's fsync is then the kernel's bookkeeping only.
      Path shm = Path.of("/dev/shm");
      dir =
          Files.isWritable(shm)
              ? Files.createTempDirectory(shm, "reactor-sim-")
              : Files.createTempDirectory("reactor-sim-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Simulation simulation = new Simulation(seed, dir);
    try {
      return simulation.run();
    } finally {
      simulation.disk.crash();
      delete(dir);
    }
  }

  private Result run() {
    note(
        "seed "
            + seed
            + (journaled ? ", journal (fsync " + fsync.text() + ")" : ", no journal")
            + ", rules:\n"
            + rules.yaml().strip());
    try {
      life = new Life(++lives);
      connect();
      for (step = 1; step <= STEPS && ledger.violation().isEmpty(); step++) {
        faultyStep();
        afterStep();
      }
      drain();
      ledger.drained();
    } catch (IOException | RuntimeException e) {
      ledger.broken("the simulation stopped on " + e);
      note("stopped: " + e);
    }
    return new Result(seed, List.copyOf(trace), ledger.violation(), step, ledger.reads());
  }

  private void faultyStep() throws IOException {
    tick(random.nextInt(400) * 1_000_000L);
    int pick = random.nextInt(100);
    if (pick < 30) {
      List<SimEngine.Published> made = engine.burst(monotonic, 1 + random.nextInt(8));
      StringBuilder line = new StringBuilder("engine publishes");
      for (SimEngine.Published p : made) {
        line.append(' ').append(label(p));
      }
      note(line.toString());
    } else if (pick < 65) {
      read(1 + random.nextInt(10));
    } else if (pick < 68) {
      disconnect("the stream drops");
    } else if (pick < 70) {
      disconnect("the stream goes silent; the watchdog's ping gives up on it");
      tick(15_000_000_000L);
    } else if (pick < 71) {
      disconnect("the engine restarts, forgetting its events");
      engine.restart();
    } else if (pick < 73) {
      if (!engine.open()) {
        note(engine.unseenChange());
      }
    } else if (pick < 76) {
      long by = (random.nextBoolean() ? -1L : 1L) * (1 + random.nextInt(120)) * 1_000_000_000L;
      engine.step(by);
      note(
          "the host's clock steps "
              + (by < 0 ? "back " : "forward ")
              + Math.abs(by) / 1_000_000_000L
              + " s");
    } else if (pick < 81) {
      reload();
    } else if (pick < 83) {
      crash();
    } else if (pick < 93) {
      save();
    } else if (pick < 96) {
      life.journal.ifPresent(Journal::commit);
    } else if (pick < 97) {
      listenerFaults++;
      note("the next listener call throws");
    } else if (!engine.open()) {
      connect();
    }
    diskFault();
  }

  /** The disk's fault of this step, if any: each one a line of the trace. */
  private void diskFault() throws IOException {
    int pick = diskRandom.nextInt(100);
    if (disk.isFull() ? pick < 20 : pick < 3) {
      if (disk.isFull()) {
        disk.roomAgain();
        note("disk: room again");
      } else {
        disk.full();
        note("disk: full (a write puts down half its bytes, then No space left on device)");
      }
    } else if (disk.isReadOnly() ? pick < 45 : pick >= 3 && pick < 5) {
      disk.readOnly(!disk.isReadOnly());
      note(
          disk.isReadOnly()
              ? "disk: the state's directory turns read-only"
              : "disk: read-write again");
    } else if (pick >= 5 && pick < 8) {
      disk.failNextWrite();
      note("disk: the next write fails (Input/output error)");
    } else if (pick >= 8 && pick < 11) {
      disk.failNextForce();
      note("disk: the next fsync fails (Input/output error)");
    } else if (pick >= 11 && pick < 14 && journaled) {
      flipABit();
    }
  }

  /** Flips a bit of a record on disk: its event is lost, and only it (not a torn end). */
  private void flipABit() throws IOException {
    List<Map.Entry<EventId, Spot>> present =
        spots.entrySet().stream()
            .filter(s -> !flipped.contains(s.getKey()))
            .filter(s -> disk.size(s.getValue().file()) >= s.getValue().end())
            .sorted(
                Comparator.comparing((Map.Entry<EventId, Spot> s) -> s.getValue().file())
                    .thenComparing(s -> s.getValue().at()))
            .toList();
    if (present.isEmpty()) {
      return;
    }
    Map.Entry<EventId, Spot> hit = present.get(diskRandom.nextInt(present.size()));
    Spot spot = hit.getValue();
    long at = spot.at() + diskRandom.nextLong(spot.end() - spot.at());
    disk.flip(spot.file(), at, diskRandom.nextInt(8));
    flipped.add(hit.getKey());
    note(
        "disk: a bit flips in the record of "
            + labels.getOrDefault(hit.getKey(), "?")
            + " (byte "
            + at
            + " of "
            + spot.file().getFileName()
            + ")");
  }

  /** A write reached the disk: an event's record is where its event can come back from. */
  private void written(SimDisk.Written write) {
    ByteBuffer bytes = write.bytes();
    int length = bytes.remaining();
    if (length >= 17
        && bytes.getInt(bytes.position()) == length - 8
        && bytes.get(bytes.position() + 8) == 1) {
      appended =
          Optional.of(
              new Spot(
                  write.file(),
                  bytes.getLong(bytes.position() + 9),
                  write.at(),
                  write.at() + length));
    }
  }

  /** The journal as the reactor sees it; the simulator notes where each event was appended. */
  private final class Spied implements EventJournal {
    private final Journal journal;

    Spied(Journal journal) {
      this.journal = journal;
    }

    @Override
    public OptionalLong append(DockerEvent event, List<String> rules) {
      appended = Optional.empty();
      OptionalLong seq = journal.append(event, rules);
      if (seq.isPresent() && appended.isPresent() && appended.get().seq() == seq.getAsLong()) {
        spots.put(EventId.of(event), appended.get());
        appendedSinceHealed = healed;
        flipped.remove(EventId.of(event));
      } else {
        spots.remove(EventId.of(event));
      }
      return seq;
    }

    @Override
    public void done(long seq, String rule) {
      journal.done(seq, rule);
    }

    @Override
    public List<Pending> spilled(String rule, long from, long to, int max) throws IOException {
      return journal.spilled(rule, from, to, max);
    }
  }

  private void afterStep() {
    if (!engine.open() && random.nextInt(3) == 0) {
      connect();
    }
    if (life.lookAt >= 0 && monotonic >= life.lookAt) {
      life.lookAt = -1;
      if (life.resume.giveUpOnCheckpoint()) {
        note("the last event seen did not come back: a gap");
        Resume.gap(life.reactor);
      }
    }
    if (!journaled) {
      ledger.checkpoint(life.reactor.checkpoint(), life.number);
    }
    life.journal.ifPresent(
        journal ->
            disk.lastWriteFailed(journal.path())
                .filter(why -> journal.failure().isEmpty())
                .ifPresent(
                    why -> ledger.broken(why + ", yet the journal says it is written (ready)")));
    disk.lastWriteFailed(dir)
        .filter(why -> life.writer.failure().isEmpty())
        .ifPresent(why -> ledger.broken(why + ", yet the state file says it is saved (ready)"));
  }

  /** The faults have stopped: the stream is up, every line is read, every timer runs. */
  private void drain() {
    note("faults stop; draining");
    disk.heal();
    healed = true;
    reloadInFlight.ifPresent(Runnable::run);
    reloadInFlight = Optional.empty();
    listenerFaults = 0;
    for (int round = 0; round < 20 && ledger.violation().isEmpty(); round++) {
      if (!engine.open()) {
        connect();
      }
      read(Integer.MAX_VALUE);
      tick(3_000_000_000L);
      afterStep();
    }
    life.time.end();
    // The journal's committer retries a failed fsync and the checkpoint waits for it; the writer
    // retries after it, as the daemon's periodic save does.
    life.journal.ifPresent(Journal::commit);
    save();
    afterStep();
    // The journal says it is written again at its next event written: a done mark that fits is
    // no proof that an event does.
    if (appendedSinceHealed) {
      life.journal
          .flatMap(Journal::failure)
          .ifPresent(why -> ledger.broken("the journal still says it is not written: " + why));
    }
    if (life.journal.flatMap(Journal::failure).isEmpty()) {
      life.writer
          .failure()
          .ifPresent(why -> ledger.broken("the state file still says it is not saved: " + why));
    }
  }

  private void tick(long nanos) {
    monotonic += nanos;
    life.time.advanceTo(monotonic);
  }

  private void connect() {
    Optional<String> since = life.resume.since();
    // What an earlier life left unfinished and the disk does not hold comes again only if the
    // engine replays it (or not at all: a record the disk refused or a flipped bit hit).
    ledger.excuseUnfinished(
        r ->
            r.life < life.number
                && switch (r.left) {
                  case ON_DISK -> false;
                  case WITH_THE_ENGINE -> !engineReplays(r, since);
                  case NOWHERE -> true;
                });
    engine.open(since);
    life.clock.observe(Instant.ofEpochSecond(0, engine.now(monotonic)));
    life.resume.resumed();
    life.lookAt = monotonic + 2_000_000_000L;
    boolean first = !life.connectedOnce;
    life.connectedOnce = true;
    note(
        "the stream opens "
            + since.map(s -> "since " + s).orElse("from now")
            + ", replaying "
            + engine.waiting());
    life.reactor.connected(first);
  }

  private void disconnect(String why) {
    if (engine.open()) {
      engine.close();
      life.lookAt = -1;
      note(why);
      life.reactor.disconnected();
    }
  }

  /** The reader takes up to {@code count} lines from the stream, as EngineEventSource does. */
  private void read(int count) {
    for (int i = 0; i < count && ledger.violation().isEmpty(); i++) {
      Optional<SimEngine.Published> line = engine.next();
      if (line.isEmpty()) {
        return;
      }
      if (random.nextInt(50) == 0) {
        engine.again(line.get());
      }
      DockerEvent event;
      try {
        event = EventJson.parse(line.get().line());
      } catch (MalformedEventException e) {
        throw new IllegalStateException(e);
      }
      labels.putIfAbsent(EventId.of(event), label(line.get()));
      try {
        if (!life.resume.deliver(event, life.reactor)) {
          note("dropped as a replay: " + label(line.get()));
        }
      } catch (RuntimeException e) {
        life.reactor.internalError(HandlingStep.READ, label(line.get()), e);
      }
    }
  }

  private void reload() {
    String edit = rules.edit(random);
    if (edit.startsWith("broken")) {
      boolean refused = !SimRules.loads(rules.yaml() + "  broken:\n    bogus: [\n");
      note("reload: " + edit);
      if (!refused) {
        ledger.broken("a broken rules file was accepted");
      }
      return;
    }
    Map<String, SimRules.SimRule> next = rules.rules();
    RuleSet loaded = rules.load();
    Runnable apply =
        () -> {
          inForce.keySet().stream().filter(n -> !next.containsKey(n)).forEach(ledger::removed);
          inForce = next;
          life.reactor.reload(loaded);
        };
    // Reloads are serialised: one still on its way lands first.
    reloadInFlight.ifPresent(Runnable::run);
    reloadInFlight = Optional.empty();
    if (random.nextBoolean()) {
      reloadInFlight = Optional.of(apply);
      note("reload (storm: lands while the reader routes its next event): " + edit);
    } else {
      note("reload: " + edit);
      apply.run();
    }
  }

  private void crash() throws IOException {
    reloadInFlight.ifPresent(Runnable::run);
    reloadInFlight = Optional.empty();
    engine.close();
    if (diskRandom.nextBoolean()) {
      boolean torn = diskRandom.nextBoolean();
      note(
          "power cut"
              + (torn ? " (torn writes)" : "")
              + ": memory is gone; the disk keeps what was forced");
      disk.powerCut(diskRandom, torn).forEach(lost -> note("  " + lost));
    } else {
      note("crash (kill -9): the process's memory is gone; the disk keeps what was written");
      disk.crash();
    }
    // A start on a read-only journal exits 1 (it cannot cut a torn end): the restart that comes
    // is the one after the remount.
    if (disk.isReadOnly()) {
      disk.readOnly(false);
      note("disk: read-write again (remounted before the restart)");
    }
    ledger.died(this::left);
    life = new Life(++lives);
    note("restart: life " + lives);
    connect();
  }

  /** Where an event read and not done can come back from, the process gone. */
  private Ledger.Left left(Ledger.Read read) {
    if (!journaled) {
      return Ledger.Left.WITH_THE_ENGINE;
    }
    Spot spot = spots.get(read.id);
    if (spot == null || flipped.contains(read.id)) {
      return Ledger.Left.NOWHERE;
    }
    return disk.size(spot.file()) >= spot.end() ? Ledger.Left.ON_DISK : Ledger.Left.WITH_THE_ENGINE;
  }

  private boolean engineReplays(Ledger.Read read, Optional<String> since) {
    return !read.synthetic
        && engine.keeps(read.order)
        && !engine.behindAStepBack(read.order, since);
  }

  private void save() {
    life.writer.save();
    if (life.journal.flatMap(Journal::failure).isPresent()) {
      note("the checkpoint waits: the journal is not written");
    } else if (life.writer.failure().isPresent()) {
      note("the state file cannot be saved");
    } else {
      note(
          "state file saved at "
              + life.reactor.checkpoint().map(c -> labels.getOrDefault(c.last(), "?")).orElse("-"));
    }
  }

  private String label(SimEngine.Published p) {
    return "e" + p.order() + ":" + p.action() + "/c" + Long.parseLong(p.id().substring(48), 16);
  }

  private String label(DockerEvent event) {
    EventId id = EventId.of(event);
    String known = labels.get(id);
    if (known != null) {
      return known;
    }
    String made =
        "s:" + event.action() + "/c" + Long.parseLong(event.actor().id().substring(48), 16);
    labels.put(id, made);
    return made;
  }

  private void note(String line) {
    trace.add(String.format("%3d %8.3fs %s", step, monotonic / 1e9, line));
  }

  /** The reactor's listener: the ledger's eyes, and where a reload storm's reload lands. */
  private final class Listener implements ReactorListener {
    @Override
    public void received(DockerEvent event) {
      Set<String> expected = new HashSet<>();
      inForce.values().stream()
          .filter(rule -> rule.matches(event))
          .forEach(rule -> expected.add(rule.name()));
      String label = label(event);
      long order = event.synthetic() ? -1 : Long.parseLong(label.substring(1, label.indexOf(':')));
      ledger.read(event, label, order, expected, living);
      note("read " + label + (expected.isEmpty() ? "" : " for " + sorted(expected)));
      maybeThrow();
    }

    @Override
    public void matched(Rule rule, DockerEvent event) {
      if (reloadInFlight.isPresent()) {
        Runnable apply = reloadInFlight.get();
        reloadInFlight = Optional.empty();
        note("the reload lands between matching " + label(event) + " and offering it");
        apply.run();
      }
    }

    @Override
    public void outcome(Rule rule, DockerEvent event, Outcome outcome) {
      if (outcome instanceof Outcome.RuleRemoved) {
        SimRules.SimRule now = inForce.get(rule.name());
        if (now != null && now.matches(event)) {
          ledger.broken(
              "rule "
                  + rule.name()
                  + " (in force, matching) dropped "
                  + label(event)
                  + " as removed");
        }
        note(rule.name() + " drops " + label(event) + " (rule removed)");
        ledger.settled(rule.name(), event);
      } else if (outcome instanceof Outcome.Debounced
          || outcome instanceof Outcome.Throttled
          || outcome instanceof Outcome.Skipped) {
        note(rule.name() + " settles " + label(event) + ": " + outcome.getClass().getSimpleName());
        ledger.settled(rule.name(), event);
      }
      maybeThrow();
    }

    @Override
    public void batched(Rule rule, List<DockerEvent> events) {
      batch = List.copyOf(events);
    }

    @Override
    public void internalError(HandlingStep step) {
      String where = step.label();
      if (step == HandlingStep.LISTENER && injectedThrows > 0) {
        injectedThrows--;
        return;
      }
      note("internal error: " + where);
      ledger.internalError(where);
    }
  }

  private int injectedThrows;

  private void maybeThrow() {
    if (listenerFaults > 0) {
      listenerFaults--;
      injectedThrows++;
      throw new IllegalStateException("the simulated listener fails");
    }
  }

  private static String sorted(Set<String> names) {
    return names.stream().sorted().toList().toString();
  }

  /** The rules' actions: fast, slow, failing, or timed out; each recorded in the ledger. */
  private final class Actions implements io.github.dockereventsreactor.core.ActionExecutor {
    @Override
    public Outcome execute(Rule rule, DockerEvent event, Prepared action) {
      List<DockerEvent> events =
          !batch.isEmpty() && batch.get(0).equals(event) ? batch : List.of(event);
      batch = List.of();
      String version =
          action.fold(
              new Prepared.Cases<String>() {
                @Override
                public String command(Prepared.Command command) {
                  return command.argv().get(2);
                }

                @Override
                public String request(Prepared.Request request) {
                  return "?";
                }

                @Override
                public String message(Prepared.Message message) {
                  return "?";
                }

                @Override
                public String container(Prepared.ContainerCall call) {
                  return "?";
                }

                @Override
                public String skipped(Prepared.Skipped skipped) {
                  return "skipped";
                }
              });
      ledger.acted(rule.name(), events, living);
      StringBuilder line = new StringBuilder(rule.name() + " " + version + " acts on");
      events.forEach(e -> line.append(' ').append(label(e)));
      int kind = random.nextInt(100);
      Outcome outcome =
          kind < 85
              ? new Outcome.Exited(0, Duration.ofMillis(2))
              : kind < 92
                  ? new Outcome.Exited(1, Duration.ofMillis(5))
                  : kind < 97
                      ? new Outcome.TimedOut(Duration.ofSeconds(60))
                      : new Outcome.Exited(0, Duration.ofSeconds(30));
      note(line + ": " + outcome.getClass().getSimpleName());
      return outcome;
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
