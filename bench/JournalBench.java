import com.squareup.tape2.QueueFile;
import io.github.dockereventsreactor.event.DockerEvent;
import io.github.dockereventsreactor.event.EventJson;
import io.github.dockereventsreactor.rules.JournalSettings;
import io.github.dockereventsreactor.state.Journal;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * The journal contenders under the reactor's workload, one contender and fsync policy per JVM:
 * append each event for one rule on one thread, and mark it done 1,000 events later (a rule behind
 * the reader). Prints one JSON line: events/s and the resident memory the contender added, idle
 * (opened) and after the run (after a GC). Run by bench/run; java -cp CLASSPATH bench/JournalBench.java
 * own|sqlite|tape always|batch|never [events].
 */
public final class JournalBench {

  private static final int LAG = 1_000;

  interface Contender extends AutoCloseable {
    long append(DockerEvent event) throws Exception;

    void done(long seq) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    String name = args[0];
    String fsync = args[1];
    int events = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    Path dir = Files.createTempDirectory(Path.of("target"), "journal-bench");
    DockerEvent[] sample = new DockerEvent[1_000];
    for (int i = 0; i < sample.length; i++) {
      sample[i] = event(i);
    }
    System.gc();
    Thread.sleep(200);
    long baseline = rssKiB();
    try (Contender contender = open(name, fsync, dir)) {
      System.gc();
      Thread.sleep(200);
      long idle = rssKiB() - baseline;
      // Warm-up: the JIT, and SQLite's and the file's first pages.
      run(contender, 2_000, sample);
      long start = System.nanoTime();
      run(contender, events, sample);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.gc();
      Thread.sleep(200);
      long after = rssKiB() - baseline;
      System.out.printf(
          "{\"contender\":\"%s\",\"fsync\":\"%s\",\"events\":%d,\"events_per_s\":%.0f,"
              + "\"rss_idle_kib\":%d,\"rss_after_kib\":%d,\"event_bytes\":%d}%n",
          name, fsync, events, events / seconds, idle, after, sample[0].json().length());
    }
  }

  private static void run(Contender contender, int events, DockerEvent[] sample) throws Exception {
    ArrayDeque<Long> behind = new ArrayDeque<>();
    for (int i = 0; i < events; i++) {
      behind.addLast(contender.append(sample[i % sample.length]));
      if (behind.size() > LAG) {
        contender.done(behind.removeFirst());
      }
    }
    while (!behind.isEmpty()) {
      contender.done(behind.removeFirst());
    }
  }

  private static Contender open(String name, String fsync, Path dir) throws Exception {
    switch (name) {
      case "own":
        return own(fsync, dir);
      case "sqlite":
        return sqlite(fsync, dir);
      default:
        return tape(dir);
    }
  }

  private static Contender own(String fsync, Path dir) throws Exception {
    Journal journal =
        Journal.open(
            dir,
            "bench-engine",
            new JournalSettings(
                Optional.empty(), JournalSettings.Fsync.valueOf(fsync.toUpperCase()), 256L << 20));
    return new Contender() {
      @Override
      public long append(DockerEvent event) {
        return journal.append(event, List.of("rule")).getAsLong();
      }

      @Override
      public void done(long seq) {
        journal.done(seq, "rule");
      }

      @Override
      public void close() throws Exception {
        journal.close();
      }
    };
  }

  /** SQLite in WAL mode; synchronous FULL, NORMAL, OFF stand for always, batch, never. */
  private static Contender sqlite(String fsync, Path dir) throws Exception {
    Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("journal.db"));
    try (Statement s = db.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute(
          "PRAGMA synchronous="
              + (fsync.equals("always") ? "FULL" : fsync.equals("batch") ? "NORMAL" : "OFF"));
      s.execute("CREATE TABLE pending (seq INTEGER PRIMARY KEY, rules TEXT, json BLOB)");
    }
    PreparedStatement insert = db.prepareStatement("INSERT INTO pending (seq, rules, json) VALUES (?, ?, ?)");
    PreparedStatement delete = db.prepareStatement("DELETE FROM pending WHERE seq = ?");
    return new Contender() {
      long seq;

      @Override
      public long append(DockerEvent event) throws Exception {
        insert.setLong(1, ++seq);
        insert.setString(2, "rule");
        insert.setBytes(3, event.json().getBytes(StandardCharsets.UTF_8));
        insert.executeUpdate();
        return seq;
      }

      @Override
      public void done(long s) throws Exception {
        delete.setLong(1, s);
        delete.executeUpdate();
      }

      @Override
      public void close() throws Exception {
        db.close();
      }
    };
  }

  /** Tape's QueueFile: a FIFO synced on every write, so only the head can leave it. */
  private static Contender tape(Path dir) throws Exception {
    QueueFile queue = new QueueFile.Builder(new File(dir.toFile(), "queue")).build();
    return new Contender() {
      long seq;

      @Override
      public long append(DockerEvent event) throws Exception {
        queue.add(event.json().getBytes(StandardCharsets.UTF_8));
        return ++seq;
      }

      @Override
      public void done(long s) throws Exception {
        queue.remove();
      }

      @Override
      public void close() throws Exception {
        queue.close();
      }
    };
  }

  private static DockerEvent event(int n) throws Exception {
    String id = String.format("%064x", n);
    return EventJson.parse(
        "{\"status\":\"start\",\"id\":\"" + id + "\",\"from\":\"getsentry/relay:24.8.0\","
            + "\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"" + id + "\","
            + "\"Attributes\":{\"com.docker.compose.config-hash\":\"6f9b0e0c1d3f4a5b\","
            + "\"com.docker.compose.container-number\":\"1\",\"com.docker.compose.oneoff\":\"False\","
            + "\"com.docker.compose.project\":\"sentry-self-hosted\",\"com.docker.compose.service\":\"relay\","
            + "\"com.docker.compose.version\":\"2.29.1\",\"image\":\"getsentry/relay:24.8.0\","
            + "\"name\":\"sentry-self-hosted-relay-1\"}},\"scope\":\"local\",\"time\":1795535393,"
            + "\"timeNano\":" + (1795535393000000000L + n) + "}");
  }

  private static long rssKiB() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new IllegalStateException("no VmRSS");
  }
}
